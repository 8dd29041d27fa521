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

    // Longer than any gap between a writer creating its temporary and locking it.
    private static readonly TimeSpan StaleTemporaryAge = TimeSpan.FromMinutes(1);

    private const long MaxHashedSourceBytes = 2L << 30;

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
    /// <returns>The dataset summary (also written to <c>ingest_summary.json</c>) with this invocation's figures.</returns>
    /// <exception cref="Core.Errors.OptionsValidationException">
    /// The input cannot be read with these options, or the folder's finished shards were made from another input or
    /// other row-deciding options (resuming would skip or repeat rows). Nothing has been deleted or written then.
    /// </exception>
    public async Task<IngestSummary> RunAsync(IProgress<IngestProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var startedAt = _time.GetUtcNow();
        var output = Path.GetFullPath(_options.Run.OutputDirectory);
        Directory.CreateDirectory(output);
        var shards = new ShardSet(output);
        var partition = _options.Run.ResolvePartition();

        // Other workers may be writing into this folder right now: only files no live process holds, and old enough
        // that their writer cannot be between creating and locking them, are removed here. A shard's own temporaries
        // are removed under that shard's lock.
        AtomicFile.DeleteStaleTemporaries(output, minimumAge: StaleTemporaryAge);

        // 1. The plan: which rows go to which shard, checked against the finished shards before anything changes.
        var plan = IngestPlan.For(_options);
        var firstShard = await ResolveFirstShardAsync(shards, plan, cancellationToken).ConfigureAwait(false);

        // 2. The input, as batches of one shard each; its first batch is read before overwrite deletes anything, so a
        //    wrong column or an unreadable file leaves the old shards in place.
        IAsyncEnumerable<ShardBatch> batches;
        InputSchema inputSchema;
        IReadOnlyList<ManifestSource> sources;
        if (_options.RetryFailedFrom is { } previous)
        {
            var retry = await RetryFailedSource.OpenAsync(previous, _options.Image.EncodeFormat, _options.Download.MaxTarMemberBytes, cancellationToken).ConfigureAwait(false);
            (batches, inputSchema, sources) = (retry.ReadShardsAsync(cancellationToken), retry.Schema, retry.Sources);
        }
        else
        {
            var source = await IngestSourceFactory.CreateAsync(_options, _logger, cancellationToken).ConfigureAwait(false);
            (batches, inputSchema, sources) = (Chunk(source.ReadAsync(cancellationToken), firstShard, cancellationToken), source.Schema, source.Sources);
        }

        await using var input = batches.GetAsyncEnumerator(cancellationToken);
        var hasFirst = await input.MoveNextAsync().ConfigureAwait(false);
        if (_options.Run.Incremental == IncrementalMode.Overwrite)
        {
            DeleteOwnedShards(shards, partition);
        }

        // 3. Shared machinery: one HTTP client, one CPU gate, one near-duplicate index across shards.
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

        // 4. The shards, in parallel; one failing does not stop the others. A shard another live worker holds is left to it.
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.ShardParallelism, CancellationToken = cancellationToken };
        var leftovers = shards.ListShardsWithTemporaries();
        await Parallel.ForEachAsync(Pending(Remaining(input, hasFirst), shards, partition, totals, plan, leftovers), parallel, async (batch, ct) =>
        {
            using var claim = shards.TryLock(batch.ShardId);
            if (claim is null)
            {
                _logger.LogInformation("ingest shard {Shard}: another live process is writing it; left to that process", ShardNaming.Stem(batch.ShardId));
                totals.OnShardHeldElsewhere();
                return;
            }

            if (shards.IsDone(batch.ShardId))
            {
                totals.OnShardSkipped(); // finished by another worker between the check and the claim
                return;
            }

            _logger.LogInformation("ingest shard {Shard}: {Rows} rows", ShardNaming.Stem(batch.ShardId), batch.Records.Count);
            try
            {
                var stats = await job.RunAsync(batch.ShardId, batch.Records, plan.Describe(batch.FirstRow, batch.Records.Count), ct).ConfigureAwait(false);
                totals.OnShardDone(batch.ShardId, stats, shards.DataPath(batch.ShardId));
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                _logger.LogError(ex, "ingest shard {Shard} failed; it will be redone by the next run", ShardNaming.Stem(batch.ShardId));
                totals.OnShardFailed(batch.ShardId, ex.Message);
            }
        }).ConfigureAwait(false);

        // 5. Summary (of the dataset, from every finished shard) and manifest.
        var summary = totals.Finish();
        _logger.LogInformation(
            "ingest run: {Rows} rows ({Successes} successes) in {Written} shards written, {Skipped} already finished, {Held} left to other workers, {Failed} failed, {Seconds:0.0} s",
            summary.RunRows, summary.RunSuccesses, summary.ShardPaths.Count, summary.ShardsSkipped, summary.ShardsHeldElsewhere, summary.FailedShards.Count, summary.DurationSeconds);
        await DatasetTotals.FillAsync(summary, shards, cancellationToken).ConfigureAwait(false);
        summary.OutputDirectory = output;
        summary.UpdatedAt = _time.GetUtcNow();
        summary.ManifestPath = await WriteManifestAsync(shards, sources, startedAt, cancellationToken).ConfigureAwait(false);
        var json = JsonSerializer.SerializeToUtf8Bytes(summary, new JsonSerializerOptions { WriteIndented = true });
        await AtomicFile.WriteAllBytesAsync(Path.Combine(output, IngestConstants.SummaryFileName), json, cancellationToken).ConfigureAwait(false);
        _logger.LogInformation("ingest dataset: {Rows} rows, {Successes} successes in {Shards} finished shards", summary.Rows, summary.Successes, summary.Shards);
        return summary;
    }

    /// <summary>
    /// Where this run's shard ids start, after checking the finished shards: incremental resumes at 0 and refuses when
    /// every finished shard comes from another plan; extend resumes an interrupted extend of the same input where it
    /// began, and otherwise starts after the last finished shard; overwrite starts at 0.
    /// </summary>
    private async Task<int> ResolveFirstShardAsync(ShardSet shards, IngestPlan plan, CancellationToken ct)
    {
        var mode = _options.Run.Incremental;
        if (mode == IncrementalMode.Overwrite)
        {
            return 0;
        }

        var finished = new List<(int Id, ShardInput? Input)>();
        foreach (var id in shards.ListDoneShards())
        {
            finished.Add((id, (await shards.ReadStatsAsync(id, ct).ConfigureAwait(false))?.Input));
        }

        if (finished.Count == 0)
        {
            return 0;
        }

        var mine = finished.Where(f => f.Input?.Fingerprint == plan.Fingerprint).ToList();
        if (finished.Any(f => f.Input is null))
        {
            _logger.LogWarning("{Count} finished shards in {Folder} do not record their input rows (written by an older version); they are trusted as they are",
                finished.Count(f => f.Input is null), shards.Directory);
        }

        if (mode == IncrementalMode.Incremental)
        {
            if (mine.Count == 0 && finished.All(f => f.Input is not null))
            {
                throw plan.Mismatch(shards.Directory, finished[0].Input!);
            }

            return 0;
        }

        if (mine.Count > 0)
        {
            var first = mine[0];
            var start = first.Id - (int)(first.Input!.FirstRow / plan.SamplesPerShard);
            _logger.LogInformation("extend: this input is already in the finished shards from {Shard} on; resuming it there instead of adding it again", ShardNaming.Stem(start));
            return start;
        }

        return finished[^1].Id + 1;
    }

    private void DeleteOwnedShards(ShardSet shards, Core.Partitioning.WorkPartition partition)
    {
        var ids = shards.ListDataShards().Concat(shards.ListMarkedShards()).Distinct().Where(partition.Owns).ToList();
        foreach (var id in ids)
        {
            using var claim = shards.TryLock(id)
                ?? throw new Core.Errors.OptionsValidationException("--incremental", $"shard {ShardNaming.Stem(id)} in '{shards.Directory}' is being written by another live process; stop it before overwriting");
            shards.Delete(id);
        }

        _logger.LogInformation("overwrite: removed {Count} shards owned by this worker", ids.Count);
    }

    private static async IAsyncEnumerable<ShardBatch> Remaining(IAsyncEnumerator<ShardBatch> input, bool hasFirst)
    {
        if (!hasFirst)
        {
            yield break;
        }

        do
        {
            yield return input.Current;
        }
        while (await input.MoveNextAsync().ConfigureAwait(false));
    }

    private async IAsyncEnumerable<ShardBatch> Pending(
        IAsyncEnumerable<ShardBatch> batches, ShardSet shards, Core.Partitioning.WorkPartition partition, RunTotals totals, IngestPlan plan, IReadOnlySet<int> leftovers)
    {
        await foreach (var batch in batches.ConfigureAwait(false))
        {
            if (!partition.Owns(batch.ShardId))
            {
                continue;
            }

            if (shards.IsDone(batch.ShardId))
            {
                // A finished shard is skipped only when it holds exactly the rows this plan puts there.
                if ((await shards.ReadStatsAsync(batch.ShardId).ConfigureAwait(false))?.Input is { } recorded)
                {
                    plan.Check(shards.Directory, batch.ShardId, recorded, batch.FirstRow, batch.Records.Count);
                }

                // Leftovers of a writer killed after this shard was finished elsewhere (an overlapping worker); only
                // shards listed with temporaries are claimed, so a rerun over thousands of finished shards stays cheap.
                if (leftovers.Contains(batch.ShardId))
                {
                    using var claim = shards.TryLock(batch.ShardId);
                    if (claim is not null)
                    {
                        shards.DeleteTemporaries(batch.ShardId);
                    }
                }

                totals.OnShardSkipped();
                continue;
            }

            yield return batch;
        }
    }

    private async IAsyncEnumerable<ShardBatch> Chunk(IAsyncEnumerable<InputRecord> records, int firstShard, [EnumeratorCancellation] CancellationToken ct)
    {
        var size = _options.SamplesPerShard;
        var batch = new List<InputRecord>(Math.Min(size, 4096));
        var shardId = firstShard;
        long firstRow = 0;
        await foreach (var record in records.WithCancellation(ct).ConfigureAwait(false))
        {
            batch.Add(record);
            if (batch.Count == size)
            {
                yield return new ShardBatch(shardId++, firstRow, batch);
                firstRow += size;
                batch = new List<InputRecord>(Math.Min(size, 4096));
            }
        }

        if (batch.Count > 0)
        {
            yield return new ShardBatch(shardId, firstRow, batch);
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
        // URL lists are hashed whole for lineage; multi-GB tars (SA-1B's are ~10 GB each) would make every rerun read
        // terabytes, so they are identified by the size-and-edges fingerprint every shard records instead.
        foreach (var source in sources.Where(s => s.Sha256 is null && File.Exists(s.Uri) && new FileInfo(s.Uri).Length <= MaxHashedSourceBytes))
        {
            source.Sha256 = await ManifestStore.Sha256HexAsync(source.Uri, ct).ConfigureAwait(false);
        }

        var stage = new ManifestStage
        {
            Name = IngestConstants.StageName,
            Version = typeof(IngestRunner).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0",
            Parameters = OptionsSnapshot.Of(_options),
            StartedAt = startedAt,
            FinishedAt = _time.GetUtcNow(),
        };

        // Finished shards skipped by this run keep the options they were made with (e.g. another --image-size).
        var described = await ManifestStore.DescribeShardsAsync(shards, ct).ConfigureAwait(false);
        ShardParameterReconciler.Reconcile(stage, described);
        var manifest = new DatasetManifest
        {
            Name = _options.DatasetName ?? SafeName(Path.GetFileName(shards.Directory.TrimEnd('/'))),
            Description = "Image shards written by dataforge ingest",
            CreatedAt = _time.GetUtcNow(),
            Sources = [.. sources],
            Stages = [stage],
            ShardDirectory = shards.Directory,
            Shards = described,
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
