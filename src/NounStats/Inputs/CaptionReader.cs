using System.Runtime.CompilerServices;
using DataForge.Core.Errors;
using DataForge.Core.Partitioning;
using DataForge.Core.Shards;
using Microsoft.Extensions.Logging;

namespace DataForge.NounStats.Inputs;

/// <summary>Reads a <see cref="CaptionInput"/> as batches of captions, one batch per shard, file or text slice.</summary>
internal static class CaptionReader
{
    // Text and JSON inputs are cut into units of this many rows so partial results stay small and resumable.
    public const int LinesPerUnit = 100_000;

    /// <summary>Reads the units of an input that <paramref name="partition"/> owns.</summary>
    /// <remarks>
    /// Shard folders are split by shard id, exactly as the stages that wrote them were, so worker i of a job array
    /// reads the shards its upstream task i finished; single files are unit 0; text slices are split by ordinal.
    /// </remarks>
    /// <param name="input">The input.</param>
    /// <param name="partition">This worker's share.</param>
    /// <param name="includeFailedRows">Count rows whose status is not success.</param>
    /// <param name="logger">Logs unfinished shards that are not counted.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The batches.</returns>
    /// <exception cref="OptionsValidationException">The input is not what its options say (no such column, malformed JSON, no finished shard).</exception>
    public static async IAsyncEnumerable<CaptionBatch> ReadAsync(
        CaptionInput input,
        WorkPartition partition,
        bool includeFailedRows,
        ILogger logger,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        switch (input.ResolveKind())
        {
            case CaptionInputKind.ShardFolder:
                var shards = new ShardSet(input.Path);
                foreach (var id in partition.Select(ListFinishedShards(shards, partition, logger)))
                {
                    yield return await ParquetCaptionReader.ReadAsync(shards.DataPath(id), input.Column, ShardNaming.Stem(id, shards.ShardDigits), includeFailedRows, cancellationToken).ConfigureAwait(false);
                }

                break;
            case CaptionInputKind.Parquet when partition.Owns(0):
                yield return await ParquetCaptionReader.ReadAsync(input.Path, input.Column, Path.GetFileNameWithoutExtension(input.Path), includeFailedRows, cancellationToken).ConfigureAwait(false);
                break;
            case CaptionInputKind.Parquet:
                break;
            default:
                var ordinal = 0;
                await foreach (var batch in ReadRowsAsync(input, includeFailedRows, cancellationToken).ConfigureAwait(false))
                {
                    if (partition.Owns(ordinal++))
                    {
                        yield return batch;
                    }
                }

                break;
        }
    }

    /// <summary>
    /// Counts the rows <see cref="ReadAsync"/> will read, from Parquet metadata only (no column is read), so progress has a
    /// real total; text and JSON inputs would need a full read and have none.
    /// </summary>
    /// <param name="input">The input.</param>
    /// <param name="partition">This worker's share.</param>
    /// <param name="cancellationToken">Cancels the count.</param>
    /// <returns>The rows, or <see langword="null"/> for text and JSON inputs.</returns>
    public static async Task<long?> CountRowsAsync(CaptionInput input, WorkPartition partition, CancellationToken cancellationToken)
    {
        IEnumerable<string> files;
        switch (input.ResolveKind())
        {
            case CaptionInputKind.ShardFolder:
                var shards = new ShardSet(input.Path);
                files = partition.Select(shards.ListDoneShards()).Select(shards.DataPath);
                break;
            case CaptionInputKind.Parquet:
                files = partition.Owns(0) ? [input.Path] : [];
                break;
            default:
                return null;
        }

        long rows = 0;
        foreach (var file in files)
        {
            await using var reader = await ShardFileReader.OpenAsync(file, cancellationToken).ConfigureAwait(false);
            rows += reader.RowCount;
        }

        return rows;
    }

    /// <summary>Lists the finished shards of a folder; a folder with none is a usage error, not an empty report.</summary>
    /// <param name="shards">The folder.</param>
    /// <param name="partition">This worker's share; a worker of several that owns no shard at all has nothing to report.</param>
    /// <param name="logger">Logs shards left out because they are unfinished.</param>
    /// <returns>The finished shard ids.</returns>
    /// <exception cref="OptionsValidationException">No shard is finished.</exception>
    internal static IReadOnlyList<int> ListFinishedShards(ShardSet shards, WorkPartition partition, ILogger logger)
    {
        var done = shards.ListDoneShards();
        var data = shards.ListDataShards();
        var unfinished = data.Count - done.Count;
        if (done.Count == 0 && partition.Count > 1 && !partition.Select(data).Any())
        {
            // More array tasks than shards: this task owns none, which is not an unfinished folder.
            return done;
        }

        if (done.Count == 0)
        {
            var parquet = Directory.Exists(shards.Directory) ? Directory.EnumerateFiles(shards.Directory, "*" + ShardNaming.ParquetExtension).Count() : 0;
            throw new OptionsValidationException(
                "--input",
                $"no finished shards in {shards.Directory}: {parquet} .parquet files without {ShardNaming.StatsSuffix} (a shard is finished when its stage wrote NNNNN{ShardNaming.StatsSuffix}; wait for the stage or rerun it)");
        }

        if (unfinished > 0)
        {
            logger.LogWarning("{Folder}: {Unfinished} unfinished shards (no {Suffix}) are not counted; {Done} finished shards are", shards.Directory, unfinished, ShardNaming.StatsSuffix, done.Count);
        }

        return done;
    }

    private static async IAsyncEnumerable<CaptionBatch> ReadRowsAsync(CaptionInput input, bool includeFailedRows, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var kind = input.ResolveKind();
        var rows = kind == CaptionInputKind.Jsonl && await StartsWithArrayAsync(input.Path, cancellationToken).ConfigureAwait(false)
            ? JsonArrayCaptionReader.ReadAsync(input, includeFailedRows, cancellationToken)
            : LineCaptionReader.ReadAsync(input, kind == CaptionInputKind.Jsonl, includeFailedRows, cancellationToken);
        await foreach (var batch in rows.ConfigureAwait(false))
        {
            yield return batch;
        }
    }

    private static async Task<bool> StartsWithArrayAsync(string path, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(path);
        var buffer = new char[1];
        while (await reader.ReadAsync(buffer, cancellationToken).ConfigureAwait(false) == 1)
        {
            if (!char.IsWhiteSpace(buffer[0]) && buffer[0] != '\uFEFF')
            {
                return buffer[0] == '[';
            }
        }

        return false;
    }
}
