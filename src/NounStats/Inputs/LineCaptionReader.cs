using System.Runtime.CompilerServices;
using System.Text.Json;

namespace DataForge.NounStats.Inputs;

/// <summary>Reads plain text (one caption per line) and JSON Lines (one object per line); blank lines are skipped in both.</summary>
internal static class LineCaptionReader
{
    /// <summary>Reads the file as units of <see cref="CaptionReader.LinesPerUnit"/> rows.</summary>
    /// <param name="input">The input.</param>
    /// <param name="isJson">Whether each line is a JSON object.</param>
    /// <param name="includeFailedRows">Count rows whose status is not success.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The batches.</returns>
    public static async IAsyncEnumerable<CaptionBatch> ReadAsync(CaptionInput input, bool isJson, bool includeFailedRows, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(input.Path);
        var units = new CaptionUnitBuilder(input.Path);
        var lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var counted = true;
            var caption = isJson ? ReadJsonLine(line, input, lineNumber, includeFailedRows, out counted) : line;
            if (units.Add(caption, counted) is { } batch)
            {
                yield return batch;
            }
        }

        if (units.Finish() is { } last)
        {
            yield return last;
        }
    }

    private static string? ReadJsonLine(string line, CaptionInput input, int lineNumber, bool includeFailedRows, out bool counted)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException ex)
        {
            throw JsonCaptionRow.Error(input, $"line {lineNumber} is not a JSON object with a '{input.Column}' field: {ex.Message}");
        }

        using (document)
        {
            return JsonCaptionRow.Read(document.RootElement, input, $"line {lineNumber}", includeFailedRows, out counted);
        }
    }
}
