using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using DataForge.Core.Manifests;
using DataForge.Core.Options;
using DataForge.Core.Shards;
using DataForge.Ingest.Dedup;
using DataForge.Ingest.Download;
using DataForge.Ingest.Imaging;
using DataForge.Ingest.Inputs;
using DataForge.Ingest.Output;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataForge.Ingest;

/// <summary>
/// The ingest stage's entry point: reads the input, fetches and processes every row, and writes Parquet image
/// shards (one row per input row, failures included), a stats marker per shard, <c>ingest_summary.json</c> and a
/// manifest. Shards run in parallel; a shard that fails as a whole is reported in the summary while the others
/// go on, and the next run redoes it.
/// </summary>
public sealed class IngestRunner
{
    private readonly IngestOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    /// <summary>Builds the runner and validates the options once.</summary>
    /// <param name="options">The options.</param>
    /// <param name="logger">Where progress and shard failures are logged; none by default.</param>
    /// <param name="timeProvider">The clock for timings, backoff and timeouts; the system clock by default.</param>
    /// <exception cref="Core.Errors.OptionsValidationException">An option is invalid.</exception>
    public IngestRunner(IngestOptions options, ILogger? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _logger = logger ?? NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Validates <paramref name="options"/> and runs the stage with the system clock and no logging.</summary>
    /// <param name="options">The options.</param>
    /// <param name="progress">Receives progress snapshots (rows, success rate, current shard), or null.</param>
    /// <param name="cancellationToken">Stops the run; finished shards stay finished, the others leave no output.</param>
    /// <returns>The run summary.</returns>
    public static Task<IngestSummary> RunAsync(IngestOptions options, IProgress<IngestProgress>? progress, CancellationToken cancellationToken = default) =>
        new IngestRunner(options).RunAsync(progress, cancellationToken);

    /// <summary>Runs the stage.</summary>
    /// <param name="progress">Receives progress snapshots, or null.</param>
    /// <param name="cancellationToken">Stops the run; finished shards stay finished, the others leave no output.</param>
    /// <returns>The run summary (also written to <c>ingest_summary.json</c>).</returns>
    public async Task<IngestSummary> RunAsync(IProgress<IngestProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var startedAt = _time.GetUtcNow();
        var output = Path.GetFullPath(_options.Run.OutputDirectory);
        Directory.CreateDirectory(output);
        var shards = new ShardSet(output);
        AtomicFile.DeleteStaleTemporaries(output);
        var firstShard = PrepareOutput(shards);

        // 1. The input, as batches of one shard each.
        IAsyncEnumerable<(int ShardId, List<InputRecord> Records)> batches;
        InputSchema inputSchema;
        IReadOnlyList<ManifestSource> sources;
        if (_options.RetryFailedFrom is { } previous)
        {
            var retry = await RetryFailedSource.OpenAsync(previous, _options.Image.EncodeFormat, cancellationToken).ConfigureAwait(false);
            (batches, inputSchema, sources) = (retry.ReadShardsAsync(cancellationToken), retry.Schema, retry.Sources);
        }
        else
        {
            var source = await IngestSourceFactory.CreateAsync(_options, _logger, cancellationToken).ConfigureAwait(false);
            (batches, inputSchema, sources) = (Chunk(source.ReadAsync(cancellationToken), firstShard, cancellationToken), source.Schema, source.Sources);
        }

        // 2. Shared machinery: one HTTP client, one CPU gate, one near-duplicate index across shards.
        var schema = new IngestSchema(inputSchema, _options.Image.EncodeFormat);
        var random = new Random(_options.Run.Seed);
        var randomGate = new Lock();
        using var fetcher = new HttpImageFetcher(_options.Download, _time, () => { lock (randomGate) { return random.NextDouble(); } });
        using var cpu = new CpuWorkerPool(_options.Run.Parallelism);
        var rows = new RowProcessor(fetcher, new ImagePipeline(_options.Image), cpu, _options.VerifyHashAlgorithm);
        var index = _options.NearDuplicates is { Enabled: true, AcrossShards: true }
            ? await LoadIndexAsync(shards, cancellationToken).ConfigureAwait(false)
            : null;
        var totals = new RunTotals(_time, progress);
        var job = new ShardWriterJob(shards, schema, rows, _options, index, _time, totals.OnRows);
        var partition = _options.Run.ResolvePartition();

        // 3. The shards, in parallel; one failing does not stop the others.
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.ShardParallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Pending(batches, shards, partition, totals), parallel, async (batch, ct) =>
        {
            _logger.LogInformation("ingest shard {Shard}: {Rows} rows", ShardNaming.Stem(batch.ShardId), batch.Records.Count);
            try
            {
                var stats = await job.RunAsync(batch.ShardId, batch.Records, ct).ConfigureAwait(false);
                totals.OnShardDone(batch.ShardId, stats, shards.DataPath(batch.ShardId));
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                _logger.LogError(ex, "ingest shard {Shard} failed; it will be redone by the next run", ShardNaming.Stem(batch.ShardId));
                totals.OnShardFailed(batch.ShardId, ex.Message);
            }
        }).ConfigureAwait(false);

        // 4. Summary and manifest.
        var summary = totals.Finish();
        summary.OutputDirectory = output;
        summary.ManifestPath = await WriteManifestAsync(shards, sources, startedAt, cancellationToken).ConfigureAwait(false);
        var json = JsonSerializer.SerializeToUtf8Bytes(summary, new JsonSerializerOptions { WriteIndented = true });
        await AtomicFile.WriteAllBytesAsync(Path.Combine(output, IngestConstants.SummaryFileName), json, cancellationToken).ConfigureAwait(false);
        _logger.LogInformation("ingest done: {Rows} rows, {Successes} successes, {Failed} failed shards", summary.Rows, summary.Successes, summary.FailedShards.Count);
        return summary;
    }

    private int PrepareOutput(ShardSet shards)
    {
        switch (_options.Run.Incremental)
        {
            case IncrementalMode.Overwrite:
                foreach (var id in shards.ListDataShards())
                {
                    shards.Delete(id);
                }

                foreach (var marker in Directory.EnumerateFiles(shards.Directory, "*" + ShardNaming.StatsSuffix))
                {
                    File.Delete(marker);
                }

                return 0;
            case IncrementalMode.Extend:
                var existing = shards.ListDataShards();
                return existing.Count == 0 ? 0 : existing[^1] + 1;
            default:
                return 0;
        }
    }

    private async IAsyncEnumerable<(int ShardId, List<InputRecord> Records)> Pending(
        IAsyncEnumerable<(int ShardId, List<InputRecord> Records)> batches, ShardSet shards, Core.Partitioning.WorkPartition partition, RunTotals totals)
    {
        await foreach (var batch in batches.ConfigureAwait(false))
        {
            if (!partition.Owns(batch.ShardId))
            {
                continue;
            }

            if (shards.IsDone(batch.ShardId))
            {
                totals.OnShardSkipped();
                continue;
            }

            yield return batch;
        }
    }

    private async IAsyncEnumerable<(int ShardId, List<InputRecord> Records)> Chunk(
        IAsyncEnumerable<InputRecord> records, int firstShard, [EnumeratorCancellation] CancellationToken ct)
    {
        var size = _options.SamplesPerShard;
        var batch = new List<InputRecord>(Math.Min(size, 4096));
        var shardId = firstShard;
        await foreach (var record in records.WithCancellation(ct).ConfigureAwait(false))
        {
            batch.Add(record);
            if (batch.Count == size)
            {
                yield return (shardId++, batch);
                batch = new List<InputRecord>(Math.Min(size, 4096));
            }
        }

        if (batch.Count > 0)
        {
            yield return (shardId, batch);
        }
    }

    private async Task<NearDuplicateIndex> LoadIndexAsync(ShardSet shards, CancellationToken ct)
    {
        var index = new NearDuplicateIndex(_options.NearDuplicates.MaxHammingDistance, _options.NearDuplicates.MaxColorDistance);
        foreach (var id in shards.ListDoneShards())
        {
            await using var reader = await ShardFileReader.OpenAsync(shards.DataPath(id), ct).ConfigureAwait(false);
            if (!reader.HasColumn(IngestConstants.PerceptualHashColumn) || !reader.HasColumn(IngestConstants.ColorSignatureColumn))
            {
                continue;
            }

            var table = await reader.ReadAllAsync([ShardColumns.Key, IngestConstants.PerceptualHashColumn, IngestConstants.ColorSignatureColumn], ct).ConfigureAwait(false);
            var keys = table.Get<string>(ShardColumns.Key);
            var hashes = table.Get<long?>(IngestConstants.PerceptualHashColumn);
            var signatures = table.Get<byte[]>(IngestConstants.ColorSignatureColumn);
            for (var row = 0; row < table.RowCount; row++)
            {
                // Kept and duplicate rows both carry a hash; failed rows have none.
                if (hashes[row] is { } hash)
                {
                    index.Add(hash, signatures[row], keys[row]!);
                }
            }
        }

        return index;
    }

    private async Task<string> WriteManifestAsync(ShardSet shards, IReadOnlyList<ManifestSource> sources, DateTimeOffset startedAt, CancellationToken ct)
    {
        foreach (var source in sources.Where(s => s.Sha256 is null && File.Exists(s.Uri)))
        {
            source.Sha256 = await ManifestStore.Sha256HexAsync(source.Uri, ct).ConfigureAwait(false);
        }

        var manifest = new DatasetManifest
        {
            Name = _options.DatasetName ?? SafeName(Path.GetFileName(shards.Directory.TrimEnd('/'))),
            Description = "Image shards written by dataforge ingest",
            CreatedAt = _time.GetUtcNow(),
            Sources = [.. sources],
            Stages =
            [
                new ManifestStage
                {
                    Name = IngestConstants.StageName,
                    Version = typeof(IngestRunner).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0",
                    Parameters = OptionsSnapshot.Of(_options),
                    StartedAt = startedAt,
                    FinishedAt = _time.GetUtcNow(),
                },
            ],
            ShardDirectory = shards.Directory,
            Shards = await ManifestStore.DescribeShardsAsync(shards, ct).ConfigureAwait(false),
        };
        return await ManifestStore.SaveAsync(manifest, _options.Run.ManifestDirectory, ct).ConfigureAwait(false);
    }

    private static string SafeName(string name)
    {
        var invalid = Path.GetInvalidFileNameChars();
        var safe = new string([.. name.Select(c => invalid.Contains(c) || char.IsWhiteSpace(c) ? '-' : c)]);
        return safe.Length == 0 ? "ingest" : safe;
    }
}
