using DataForge.Core.Shards;

namespace DataForge.Captioner.Shards;

/// <summary>The columns the caption stage appends, and how a row group's results become them.</summary>
internal static class CaptionColumnSet
{
    public static IReadOnlyList<ShardColumnSpec> Specs { get; } =
    [
        new(ShardColumns.DenseCaption, ShardColumnType.String),
        new(ShardColumns.CaptionModel, ShardColumnType.String),
        new(ShardColumns.CaptionPrompt, ShardColumnType.String),
        new(ShardColumns.CaptionTokens, ShardColumnType.Int32),
        new(ShardColumns.CaptionFinishReason, ShardColumnType.String),
        new(ShardColumns.CaptionSeconds, ShardColumnType.Float64),
        new(ShardColumns.CaptionStatus, ShardColumnType.String),
        new(ShardColumns.CaptionError, ShardColumnType.String),
    ];

    /// <summary>The input schema with the caption columns appended (replacing any from an earlier run).</summary>
    public static List<ShardColumnSpec> OutputSchema(IReadOnlyList<ShardColumnSpec> input)
    {
        var names = new HashSet<string>(Specs.Select(s => s.Name), StringComparer.Ordinal);
        return [.. input.Where(s => !names.Contains(s.Name)), .. Specs];
    }

    public static ShardTable Append(ShardTable table, IReadOnlyList<CaptionRowResult> results, string modelId, string promptTemplate)
    {
        var n = results.Count;
        var model = new string?[n];
        var prompt = new string?[n];
        for (var i = 0; i < n; i++)
        {
            var attempted = results[i].Status != RowStatus.Skipped;
            model[i] = attempted ? modelId : null;
            prompt[i] = attempted ? promptTemplate : null;
        }

        return table
            .WithColumn(ShardColumn.Of(ShardColumns.DenseCaption, results.Select(r => r.Caption).ToArray()))
            .WithColumn(ShardColumn.Of(ShardColumns.CaptionModel, model))
            .WithColumn(ShardColumn.Of(ShardColumns.CaptionPrompt, prompt))
            .WithColumn(ShardColumn.Of(ShardColumns.CaptionTokens, results.Select(r => r.Tokens).ToArray()))
            .WithColumn(ShardColumn.Of(ShardColumns.CaptionFinishReason, results.Select(r => r.FinishReason).ToArray()))
            .WithColumn(ShardColumn.Of(ShardColumns.CaptionSeconds, results.Select(r => r.Seconds).ToArray()))
            .WithColumn(ShardColumn.Of(ShardColumns.CaptionStatus, results.Select(r => (string?)r.Status).ToArray()))
            .WithColumn(ShardColumn.Of(ShardColumns.CaptionError, results.Select(r => r.Error).ToArray()));
    }
}
