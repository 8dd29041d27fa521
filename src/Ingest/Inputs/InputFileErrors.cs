using DataForge.Core.Errors;

namespace DataForge.Ingest.Inputs;

/// <summary>
/// Errors for a URL-list file that cannot be read as its format (an unclosed quote, a record with the wrong number of
/// fields, a line that is not JSON). The file is the bad value of <c>--input</c>, so these are usage errors (exit 2),
/// like a missing column, and name the file and the line to fix.
/// </summary>
internal static class InputFileErrors
{
    public static OptionsValidationException Malformed(string path, int line, string problem) =>
        new("--input", $"{path}: line {line}: {problem}");
}
