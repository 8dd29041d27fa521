using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using DataForge.Core.Shards;

namespace DataForge.Trainer.Training;

/// <summary>
/// Feature shards streamed instead of loaded whole, for datasets larger than memory. Each epoch visits the shards
/// in a seeded random order and reads them row group by row group; usable rows fill a shuffle buffer of
/// <see cref="ShuffleBuffer"/> samples, which is shuffled and drained into per-bucket batches that carry over
/// from one buffer to the next, so batches mix shards and always share one latent size. A background thread reads
/// and decodes up to <see cref="PrefetchBatches"/> batches ahead. The epoch's plan (which rows form which batch)
/// comes from the light <see cref="FeatureShardIndex"/> and the seed alone, so a run resumed at (epoch, batch)
/// replays the plan to that point without reading features and continues with exactly the batches the
/// uninterrupted run would have seen. Memory is bounded by the buffer, the batches in flight and the index
/// (two bytes per row), not by the dataset.
/// </summary>
public sealed class StreamingFeatureDataset : IEpochBatches
{
    private readonly FeatureShardIndex _index;
    private readonly int _tokens;
    private readonly int _captionChannels;
    private readonly int _batchSize;
    private readonly int _seed;

    /// <summary>Creates the dataset over an index.</summary>
    /// <param name="index">The indexed feature shards.</param>
    /// <param name="tokens">Caption tokens the model expects.</param>
    /// <param name="captionChannels">Caption channels the model expects.</param>
    /// <param name="batchSize">Samples per batch.</param>
    /// <param name="seed">Seed of the shard order and the shuffles (epoch e uses seed + e).</param>
    /// <param name="shuffleBuffer">Samples per shuffle buffer.</param>
    /// <param name="prefetchBatches">Batches read ahead on the background thread.</param>
    public StreamingFeatureDataset(FeatureShardIndex index, int tokens, int captionChannels, int batchSize, int seed, int shuffleBuffer = 10_000, int prefetchBatches = 4)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(shuffleBuffer, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(prefetchBatches, 1);
        _index = index;
        _tokens = tokens;
        _captionChannels = captionChannels;
        _batchSize = batchSize;
        _seed = seed;
        ShuffleBuffer = shuffleBuffer;
        PrefetchBatches = prefetchBatches;
    }

    /// <summary>Gets the shuffle buffer's size in samples.</summary>
    public int ShuffleBuffer { get; }

    /// <summary>Gets how many batches the background thread reads ahead.</summary>
    public int PrefetchBatches { get; }

    /// <summary>Gets the most decoded samples the reader has held at once (buffer plus bucket leftovers), for tests of the bound.</summary>
    internal int PeakHeldSamples { get; private set; }

    /// <inheritdoc />
    public string Fingerprint => DataFingerprint.Of(
        "stream", _batchSize, _seed, ShuffleBuffer,
        string.Join(";", _index.Shards.Select(s => $"{s.Id}:{string.Join(",", s.RowGroupStarts)}:{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(s.Buckets.AsSpan())))}")));

    /// <inheritdoc />
    public IEnumerable<TrainingBatch> Epoch(int epoch, int skip, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var channel = Channel.CreateBounded<List<TrainingSample>>(new BoundedChannelOptions(PrefetchBatches) { SingleReader = true, SingleWriter = true });
        var producer = Task.Run(() => ProduceAsync(epoch, skip, channel.Writer, stop.Token), CancellationToken.None);
        try
        {
            while (true)
            {
                List<TrainingSample>? samples;
                try
                {
                    if (!channel.Reader.WaitToReadAsync(stop.Token).AsTask().GetAwaiter().GetResult() || !channel.Reader.TryRead(out samples))
                    {
                        break;
                    }
                }
                catch (ChannelClosedException ex) when (ex.InnerException is not null)
                {
                    ExceptionDispatchInfo.Throw(ex.InnerException);
                    throw;
                }

                yield return InMemoryTrainingDataset.Collate(samples, _tokens, _captionChannels);
            }
        }
        finally
        {
            // The consumer may stop early (end of training, cancellation): stop the reader and wait for it.
            stop.Cancel();
            producer.GetAwaiter().GetResult();
        }
    }

    /// <summary>The epoch's batches as (shard position, row) pairs, from the index and seed alone.</summary>
    /// <param name="epoch">The epoch.</param>
    /// <returns>Each batch with the buffer it was drained from.</returns>
    internal IEnumerable<(List<(int Shard, int Row)> Rows, List<(int Shard, int Row)> Buffer)> Plan(int epoch)
    {
        var random = new Random(unchecked(_seed + epoch));
        var order = Enumerable.Range(0, _index.Shards.Count).ToArray();
        random.Shuffle(order);
        var pending = new Dictionary<short, List<(int, int)>>();
        var buffer = new List<(int Shard, int Row)>(ShuffleBuffer);
        foreach (var shard in order)
        {
            var buckets = _index.Shards[shard].Buckets;
            for (var row = 0; row < buckets.Length; row++)
            {
                if (buckets[row] < 0)
                {
                    continue;
                }

                buffer.Add((shard, row));
                if (buffer.Count == ShuffleBuffer)
                {
                    foreach (var batch in Drain(buffer, random, pending))
                    {
                        yield return batch;
                    }

                    buffer = new List<(int Shard, int Row)>(ShuffleBuffer);
                }
            }
        }

        foreach (var batch in Drain(buffer, random, pending))
        {
            yield return batch;
        }
    }

    private IEnumerable<(List<(int Shard, int Row)> Rows, List<(int Shard, int Row)> Buffer)> Drain(
        List<(int Shard, int Row)> buffer, Random random, Dictionary<short, List<(int, int)>> pending)
    {
        var shuffled = buffer.ToArray();
        random.Shuffle(shuffled);
        foreach (var id in shuffled)
        {
            var bucket = _index.Shards[id.Shard].Buckets[id.Row];
            if (!pending.TryGetValue(bucket, out var list))
            {
                pending[bucket] = list = new List<(int, int)>(_batchSize);
            }

            list.Add(id);
            if (list.Count == _batchSize)
            {
                pending[bucket] = new List<(int, int)>(_batchSize);
                yield return (list, buffer);
            }
        }
    }

    private async Task ProduceAsync(int epoch, int skip, ChannelWriter<List<TrainingSample>> writer, CancellationToken cancellationToken)
    {
        try
        {
            var loaded = new Dictionary<(int, int), TrainingSample>();
            var consumed = new HashSet<(int, int)>();
            List<(int Shard, int Row)>? current = null;
            var loadedCurrent = false;
            var index = 0;
            foreach (var (rows, buffer) in Plan(epoch))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (index++ < skip)
                {
                    // Replaying to the resume point: remember what the current buffer already gave, read nothing.
                    if (!ReferenceEquals(buffer, current))
                    {
                        current = buffer;
                        consumed.Clear();
                    }

                    consumed.UnionWith(rows);
                    continue;
                }

                if (!ReferenceEquals(buffer, current) || !loadedCurrent)
                {
                    current = buffer;
                    loadedCurrent = true;
                    await LoadAsync(buffer.Where(id => !consumed.Contains(id) && !loaded.ContainsKey(id)), loaded, cancellationToken).ConfigureAwait(false);
                    consumed.Clear();
                }

                // Rows held over from a buffer drained before the resume point are read one row group at a time.
                await LoadAsync(rows.Where(id => !loaded.ContainsKey(id)), loaded, cancellationToken).ConfigureAwait(false);
                PeakHeldSamples = Math.Max(PeakHeldSamples, loaded.Count);
                var samples = rows.Select(id => loaded.Remove(id, out var sample) ? sample : throw new InvalidOperationException($"row {id} planned twice")).ToList();
                await writer.WriteAsync(samples, cancellationToken).ConfigureAwait(false);
            }

            writer.TryComplete();
        }
        catch (Exception ex)
        {
            // The consumer rethrows it from the channel; the task itself ends quietly.
            writer.TryComplete(ex);
        }
    }

    private async Task LoadAsync(IEnumerable<(int Shard, int Row)> ids, Dictionary<(int, int), TrainingSample> loaded, CancellationToken cancellationToken)
    {
        foreach (var shardGroup in ids.GroupBy(id => id.Shard))
        {
            var entry = _index.Shards[shardGroup.Key];
            await using var reader = await ShardFileReader.OpenAsync(entry.Path, cancellationToken).ConfigureAwait(false);
            foreach (var group in shardGroup.GroupBy(id => entry.Locate(id.Row).Group))
            {
                var table = await reader.ReadRowGroupAsync(group.Key, FeatureShardDataset.RequiredColumns, cancellationToken).ConfigureAwait(false);
                var rows = new FeatureRows(table, entry.Path, _tokens, _captionChannels);
                foreach (var id in group)
                {
                    var offset = id.Row - entry.RowGroupStarts[group.Key];
                    loaded[id] = rows.Sample(offset, $"row {id.Row}")
                        ?? throw new Core.Errors.DataForgeException($"{entry.Path} row {id.Row}: changed since it was indexed (no longer a usable sample)");
                }
            }
        }
    }
}
