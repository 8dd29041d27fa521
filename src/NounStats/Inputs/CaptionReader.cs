using System.Runtime.CompilerServices;
using System.Text.Json;
using DataForge.Core.Errors;
using DataForge.Core.Partitioning;
using DataForge.Core.Shards;

namespace DataForge.NounStats.Inputs;

/// <summary>Reads a <see cref="CaptionInput"/> as batches of captions, one batch per shard, file or text slice.</summary>
internal static class CaptionReader
{
    // Text and JSONL inputs are cut into units of this many lines so partial results stay small and resumable.
    public const int LinesPerUnit = 100_000;

    /// <summary>Reads the units of an input that <paramref name="partition"/> owns.</summary>
    /// <remarks>
    /// Shard folders are split by shard id, exactly as the stages that wrote them were, so worker i of a job array
    /// reads the shards its upstream task i finished; single files are unit 0; text slices are split by ordinal.
    /// </remarks>
    public static async IAsyncEnumerable<CaptionBatch> ReadAsync(CaptionInput input, WorkPartition partition, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        switch (input.ResolveKind())
        {
            case CaptionInputKind.ShardFolder:
                var shards = new ShardSet(input.Path);
                foreach (var id in partition.Select(shards.ListDoneShards()))
                {
                    yield return await ReadParquetAsync(shards.DataPath(id), input.Column, ShardNaming.Stem(id, shards.ShardDigits), cancellationToken).ConfigureAwait(false);
                }

                break;
            case CaptionInputKind.Parquet when partition.Owns(0):
                yield return await ReadParquetAsync(input.Path, input.Column, Path.GetFileNameWithoutExtension(input.Path), cancellationToken).ConfigureAwait(false);
                break;
            case CaptionInputKind.Parquet:
                break;
            default:
                var ordinal = 0;
                await foreach (var batch in ReadLinesAsync(input, cancellationToken).ConfigureAwait(false))
                {
                    if (partition.Owns(ordinal++))
                    {
                        yield return batch;
                    }
                }

                break;
        }
    }

    private static async Task<CaptionBatch> ReadParquetAsync(string path, string column, string unit, CancellationToken cancellationToken)
    {
        await using var reader = await ShardFileReader.OpenAsync(path, cancellationToken).ConfigureAwait(false);
        if (!reader.HasColumn(column))
        {
            throw new ShardFormatException(path, column, "is not a readable string column; columns are " + string.Join(", ", reader.Schema.Select(s => s.Name)));
        }

        var table = await reader.ReadAllAsync([column], cancellationToken).ConfigureAwait(false);
        var values = table.TryGetStrings(column)
            ?? throw new ShardFormatException(path, column, "is not a string column");
        return new CaptionBatch(unit, values, 0);
    }

    private static async IAsyncEnumerable<CaptionBatch> ReadLinesAsync(CaptionInput input, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var isJson = input.ResolveKind() == CaptionInputKind.Jsonl;
        using var reader = new StreamReader(input.Path);
        var captions = new List<string?>();
        var unreadable = 0;
        var unit = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (isJson)
            {
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                var caption = TryReadField(line, input.Column, out var ok);
                unreadable += ok ? 0 : 1;
                captions.Add(caption);
            }
            else
            {
                captions.Add(line);
            }

            if (captions.Count == LinesPerUnit)
            {
                yield return new CaptionBatch($"{Path.GetFileNameWithoutExtension(input.Path)}-{unit++:D5}", [.. captions], unreadable);
                captions.Clear();
                unreadable = 0;
            }
        }

        if (captions.Count > 0 || unit == 0)
        {
            yield return new CaptionBatch($"{Path.GetFileNameWithoutExtension(input.Path)}-{unit:D5}", [.. captions], unreadable);
        }
    }

    private static string? TryReadField(string line, string field, out bool ok)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            ok = true;
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty(field, out var value)
                && value.ValueKind == JsonValueKind.String
                    ? value.GetString()
                    : null;
        }
        catch (JsonException)
        {
            ok = false;
            return null;
        }
    }
}
