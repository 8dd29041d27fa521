using System.Diagnostics;
using System.Threading.Channels;
using DataForge.Core.Shards;
using DataForge.Ingest.Dedup;
using DataForge.Ingest.Inputs;

namespace DataForge.Ingest.Output;

/// <summary>
/// Writes one shard: rows are processed concurrently but written in input order, row group by row group, to a
/// temporary file; near-duplicates are decided in that order too, so a shard's result does not depend on
/// timing. The file is renamed into place and only then the stats marker is written, so a killed run leaves
/// either a finished shard or nothing that counts as one. The caller holds the shard's <see cref="ShardLock"/>.
/// </summary>
internal sealed class ShardWriterJob
{
    private readonly ShardSet _shards;
    private readonly IngestSchema _schema;
    private readonly RowProcessor _rows;
    private readonly IngestOptions _options;
    private readonly NearDuplicateIndex? _sharedIndex;
    private readonly TimeProvider _time;
    private readonly Action<int, long, long> _onRows;

    public ShardWriterJob(ShardSet shards, IngestSchema schema, RowProcessor rows, IngestOptions options, NearDuplicateIndex? sharedIndex, TimeProvider time, Action<int, long, long> onRows)
    {
        _shards = shards;
        _schema = schema;
        _rows = rows;
        _options = options;
        _sharedIndex = sharedIndex;
        _time = time;
        _onRows = onRows;
    }

    public async Task<ShardStats> RunAsync(int shardId, IReadOnlyList<InputRecord> records, ShardInput input, CancellationToken cancellationToken)
    {
        var started = _time.GetUtcNow();
        var clock = Stopwatch.StartNew();
        var stats = new ShardStats { Stage = IngestConstants.StageName, StartTime = started.ToUnixTimeMilliseconds() / 1000.0, Input = input, Parameters = OptionsSnapshot.ForShard(_options) };
        var index = _options.NearDuplicates.Enabled ? _sharedIndex ?? new NearDuplicateIndex(_options.NearDuplicates.MaxHammingDistance, _options.NearDuplicates.MaxColorDistance) : null;
        var buffer = new ShardRowBuffer(_schema);
        long duplicates = 0, fetchTicks = 0, processTicks = 0, bytesFetched = 0;
        var writeTime = TimeSpan.Zero;
        _shards.ResetUnfinished(shardId);
        await using (var writer = await ShardFileWriter.CreateAsync(_shards.DataPath(shardId), _schema.Columns, _options.RowGroupSize, cancellationToken).ConfigureAwait(false))
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var window = Channel.CreateBounded<Task<ProcessedRow>>(new BoundedChannelOptions(_options.Download.Concurrency) { SingleReader = true, SingleWriter = true });
            var producer = ProduceAsync(records, window.Writer, stop.Token);
            try
            {
                var row = 0;
                await foreach (var pending in window.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                {
                    var processed = await pending.ConfigureAwait(false);
                    var (outcome, trailing) = (processed.Outcome, processed.Trailing);
                    fetchTicks += processed.FetchTicks;
                    processTicks += processed.ProcessTicks;
                    bytesFetched += processed.BytesFetched;
                    var record = records[row];
                    var key = record.Key ?? SampleKey.Format(shardId, row, _options.SamplesPerShard);
                    if (index is not null && outcome is { Status: RowStatus.Success, PerceptualHash: { } hash }
                        && index.FindAndAdd(hash, outcome.ColorSignature, key) is { } original)
                    {
                        outcome = outcome.WithStatus(RowStatus.Filtered, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"near duplicate of {original.Key} (hamming distance {original.Distance}, color distance {original.ColorDistance:0.000})"));
                        duplicates++;
                    }

                    stats.CountRow(outcome.Status, outcome.ErrorMessage);
                    buffer.Add(record, key, outcome, trailing);
                    row++;
                    if (buffer.Count >= _options.RowGroupSize)
                    {
                        writeTime += await FlushAsync(writer, buffer, cancellationToken).ConfigureAwait(false);
                        _onRows(shardId, stats.Count, stats.Successes);
                    }
                }

                await producer.ConfigureAwait(false);
                if (buffer.Count > 0 || stats.Count == 0)
                {
                    writeTime += await FlushAsync(writer, buffer, cancellationToken).ConfigureAwait(false);
                }

                await writer.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await stop.CancelAsync().ConfigureAwait(false);
                try
                {
                    await producer.ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // The consumer failed or was cancelled; the producer's cancellation is expected.
                }
            }
        }

        _onRows(shardId, stats.Count, stats.Successes);
        var ended = _time.GetUtcNow();
        stats.EndTime = ended.ToUnixTimeMilliseconds() / 1000.0;
        stats.Duration = clock.Elapsed.TotalSeconds;
        // Per-row seconds summed over the shard: rows overlap, so download and process can exceed the wall duration;
        // their ratio tells whether a shard was bound by the network or by the image cores.
        stats.Timings["download"] = Stopwatch.GetElapsedTime(0, fetchTicks).TotalSeconds;
        stats.Timings["process"] = Stopwatch.GetElapsedTime(0, processTicks).TotalSeconds;
        stats.Timings["write"] = writeTime.TotalSeconds;
        stats.Counters["bytes_downloaded"] = bytesFetched;
        stats.Counters["near_duplicates"] = duplicates;
        stats.Counters["filtered"] = stats.Count - stats.Successes - stats.FailedToDownload - stats.FailedToResize;
        await _shards.MarkDoneAsync(shardId, stats, cancellationToken).ConfigureAwait(false);
        return stats;
    }

    private async Task ProduceAsync(IReadOnlyList<InputRecord> records, ChannelWriter<Task<ProcessedRow>> window, CancellationToken ct)
    {
        try
        {
            foreach (var record in records)
            {
                await window.WriteAsync(_rows.ProcessAsync(record, ct), ct).ConfigureAwait(false);
            }
        }
        finally
        {
            window.TryComplete();
        }
    }

    private static async Task<TimeSpan> FlushAsync(ShardFileWriter writer, ShardRowBuffer buffer, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        await writer.WriteAsync(buffer.Drain(), ct).ConfigureAwait(false);
        return Stopwatch.GetElapsedTime(started);
    }
}
