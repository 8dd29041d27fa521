using DataForge.Core.Shards;
using DataForge.Ingest.Tars;

namespace DataForge.Ingest.Inputs;

/// <summary>Rows for archive problems, so a bad member or a cut-off tar shows up in the output instead of vanishing.</summary>
internal static class LocalFailures
{
    public static IEnumerable<InputRecord> For(TarIndex index, int leadingCount, Func<string, object?[]> trailing, int urlAt)
    {
        var tarName = Path.GetFileName(index.Path);
        foreach (var name in index.Rejected)
        {
            yield return Row($"unsafe tar member path '{name}': it escapes the archive", $"{tarName}/{name}", leadingCount, urlAt, trailing(name));
        }

        if (index.Truncation is { } truncation)
        {
            yield return Row(truncation, tarName, leadingCount, urlAt, trailing(""));
        }
    }

    private static InputRecord Row(string message, string locator, int leadingCount, int urlAt, object?[] trailing)
    {
        var leading = new object?[leadingCount];
        leading[urlAt] = locator;
        return new InputRecord
        {
            Leading = leading,
            Trailing = trailing,
            Preset = RowOutcome.Failed(RowStatus.FailedToDownload, message),
        };
    }
}
