using System.Runtime.CompilerServices;
using System.Text.Json;

namespace DataForge.NounStats.Inputs;

/// <summary>Reads a JSON file whose root is an array of objects (COCO caption results), streaming its elements.</summary>
internal static class JsonArrayCaptionReader
{
    /// <summary>Reads the file as units of <see cref="CaptionReader.LinesPerUnit"/> elements.</summary>
    /// <param name="input">The input.</param>
    /// <param name="includeFailedRows">Count rows whose status is not success.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The batches.</returns>
    public static async IAsyncEnumerable<CaptionBatch> ReadAsync(CaptionInput input, bool includeFailedRows, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(input.Path);
        var units = new CaptionUnitBuilder(input.Path);
        var elements = JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(stream, cancellationToken: cancellationToken);
        await using var enumerator = elements.GetAsyncEnumerator(cancellationToken);
        var index = 0;
        while (true)
        {
            bool more;
            try
            {
                more = await enumerator.MoveNextAsync().ConfigureAwait(false);
            }
            catch (JsonException ex)
            {
                throw JsonCaptionRow.Error(input, $"is not valid JSON after element {index}: {ex.Message}");
            }

            if (!more)
            {
                break;
            }

            index++;
            var caption = JsonCaptionRow.Read(enumerator.Current, input, $"element {index}", includeFailedRows, out var counted);
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
}
