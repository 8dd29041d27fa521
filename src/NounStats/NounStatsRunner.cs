using System.Diagnostics;
using DataForge.NounStats.Counting;
using DataForge.NounStats.Inputs;
using DataForge.NounStats.Reports;
using DataForge.NounStats.Tagging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataForge.NounStats;

/// <summary>
/// The NounStats stage: counts nouns in every input (unit by unit, captions in parallel), keeps per-unit partial
/// results, and writes the Table-1 report and plots. The CLI's <c>dataforge nounstats</c> calls <see cref="RunAsync"/>.
/// </summary>
public static class NounStatsRunner
{
    /// <summary>Runs the stage.</summary>
    /// <param name="options">The settings; validated here.</param>
    /// <param name="progress">Receives one report per unit; may be <see langword="null"/>.</param>
    /// <param name="logger">Logger; <see langword="null"/> for none.</param>
    /// <param name="cancellationToken">Cancels between captions.</param>
    /// <returns>The statistics, how they were made, and the files written.</returns>
    /// <exception cref="DataForge.Core.Errors.OptionsValidationException">
    /// An option or input is wrong: a missing column or JSON field, a folder without finished shards, or map partials made with other settings.
    /// </exception>
    public static async Task<NounStatsReport> RunAsync(
        NounStatsOptions options,
        IProgress<NounStatsProgress>? progress = null,
        ILogger? logger = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        logger ??= NullLogger.Instance;
        var stopwatch = Stopwatch.StartNew();
        var tagger = options.TaggerModelPath is null ? PosTagger.Default : PosTagger.LoadFile(options.TaggerModelPath);
        var statistics = new List<NounStatistics>();
        var inputs = new List<InputProvenance>();
        var rows = new RowProgress(await CountRowsAsync(options, cancellationToken).ConfigureAwait(false));
        for (var i = 0; i < options.Inputs.Count; i++)
        {
            var input = options.Inputs[i];
            var partials = options.WritePartials ? Path.Combine(options.OutputDirectory, "partials", $"{i:D2}-{SafeName(input.DisplayLabel)}") : null;
            var sources = new List<string>();
            var tally = await CountInputAsync(input, tagger, options, partials, sources, progress, logger, cancellationToken, rows).ConfigureAwait(false);
            rows.Before += tally.Captions + tally.LeftOutRows;
            var stats = tally.Summarize(input.DisplayLabel, options.ValidThreshold, options.TopK, options.SampleNouns);
            logger.LogInformation(
                "{Input}: {Captions} captions, {Nouns} nouns, DN {Distinct}, VN {Valid}, {Average:F2} nouns/caption; {LeftOut} rows left out (status not success)",
                stats.Label, stats.Captions, stats.TotalNouns, stats.DistinctNouns, stats.ValidNouns, stats.AveragePerCaption, stats.LeftOutRows);
            statistics.Add(stats);
            inputs.Add(new InputProvenance(
                input.DisplayLabel,
                Path.GetFullPath(input.Path),
                input.ResolveKind().ToString(),
                input.ResolveKind() == CaptionInputKind.Text ? string.Empty : input.Column,
                sources.Count,
                InputFingerprint.Combine(sources)));
        }

        var provenance = new NounStatsProvenance(
            options.Definition.ToString(),
            options.KeyForm.ToString(),
            options.Normalization.ToString(),
            options.ValidThreshold,
            options.IncludeFailedRows,
            options.SampleNouns,
            options.TaggerModelPath is null ? "shipped (en_ewt_tagger.bin)" : Path.GetFullPath(options.TaggerModelPath),
            tagger.ModelSha256,
            NounStatsProvenance.CurrentVersion,
            inputs,
            NounStatsProvenance.DescribeTextCleaning(options.WebText, options.CodesAsNouns));
        if (options.MapOnly)
        {
            // The map step of a job array: its partials are the output; the reduce run writes the report.
            return new NounStatsReport(statistics, [], stopwatch.Elapsed, provenance);
        }

        var files = await Table1Report.WriteAllAsync(options.OutputDirectory, statistics, provenance, options, cancellationToken).ConfigureAwait(false);
        if (options.WritePlots)
        {
            files.AddRange(NounStatsPlots.WriteAll(options.OutputDirectory, statistics, options.HistogramMax));
        }

        return new NounStatsReport(statistics, files, stopwatch.Elapsed, provenance);
    }

    /// <summary>
    /// Counts one input into a tally, reusing a unit's partial result only when it was made from the same input
    /// bytes with the same count-changing settings (<see cref="NounPartialReuse"/>).
    /// </summary>
    /// <param name="input">The caption column.</param>
    /// <param name="tagger">The tagger.</param>
    /// <param name="options">Counting settings and parallelism.</param>
    /// <param name="partialsDirectory">Where partials are written and reused; <see langword="null"/> for none.</param>
    /// <param name="sources">Receives each counted unit's input fingerprint, in order.</param>
    /// <param name="progress">Receives one report per unit.</param>
    /// <param name="logger">Logger.</param>
    /// <param name="cancellationToken">Cancels between captions.</param>
    /// <param name="rows">Rows of the run's earlier inputs and the run's total, for progress; <see langword="null"/> for this input alone.</param>
    /// <returns>The input's tally.</returns>
    internal static async Task<NounTally> CountInputAsync(
        CaptionInput input,
        PosTagger tagger,
        NounStatsOptions options,
        string? partialsDirectory,
        List<string> sources,
        IProgress<NounStatsProgress>? progress,
        ILogger logger,
        CancellationToken cancellationToken,
        RowProgress? rows = null)
    {
        rows ??= new RowProgress(null);
        using var counters = new ThreadLocal<CaptionNounCounter>(() => new CaptionNounCounter(tagger, options.CountingSettings));
        var settings = options.PartialSettings(input, tagger.ModelSha256);
        var total = new NounTally();
        await foreach (var batch in CaptionReader.ReadAsync(input, options.ResolvePartition(), options.IncludeFailedRows, logger, cancellationToken).ConfigureAwait(false))
        {
            sources.Add(batch.Source);
            var wanted = new NounPartialMeta(batch.Source, settings, options.MapOnly, batch.LeftOutRows);
            var existing = partialsDirectory is null ? null : await NounPartialStore.TryReadMetaAsync(partialsDirectory, batch.Unit, cancellationToken).ConfigureAwait(false);
            var reused = NounPartialReuse.CanReuse(existing, wanted, options.MapOnly, $"{partialsDirectory}/{batch.Unit}", logger);
            NounTally tally;
            if (reused)
            {
                tally = await NounPartialStore.ReadAsync(partialsDirectory!, batch.Unit, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var rowNouns = new int[batch.Captions.Length];
                var rowTokens = new int[batch.Captions.Length];
                tally = CountParallel(batch.Captions, counters, options.Parallelism, rowNouns, rowTokens, cancellationToken);
                tally.AddLeftOutRows(batch.LeftOutRows);
                if (partialsDirectory is not null)
                {
                    await NounPartialStore.WriteAsync(partialsDirectory, batch.Unit, tally, rowNouns, rowTokens, wanted, cancellationToken).ConfigureAwait(false);
                }
            }

            total.Merge(tally);
            progress?.Report(new NounStatsProgress(input.DisplayLabel, batch.Unit, total.Captions, total.Tokens, reused, rows.Before + total.Captions + total.LeftOutRows, rows.Total));
        }

        return total;
    }

    /// <summary>Counts captions on several threads; the result equals a sequential count.</summary>
    internal static NounTally CountParallel(
        string?[] captions,
        ThreadLocal<CaptionNounCounter> counters,
        int parallelism,
        int[] rowNouns,
        int[] rowTokens,
        CancellationToken cancellationToken)
    {
        const int MinChunk = 64;
        var chunk = Math.Max(MinChunk, captions.Length / (parallelism * 8) + 1);
        var chunks = (captions.Length + chunk - 1) / chunk;
        var tallies = new NounTally[chunks];
        Parallel.For(
            0,
            chunks,
            new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            c =>
            {
                var counter = counters.Value!;
                var tally = new NounTally();
                var end = Math.Min(captions.Length, (c + 1) * chunk);
                for (var r = c * chunk; r < end; r++)
                {
                    (rowNouns[r], rowTokens[r]) = counter.Count(captions[r], tally);
                }

                tallies[c] = tally;
                cancellationToken.ThrowIfCancellationRequested();
            });
        var merged = new NounTally();
        foreach (var tally in tallies)
        {
            merged.Merge(tally);
        }

        return merged;
    }

    private static async Task<long?> CountRowsAsync(NounStatsOptions options, CancellationToken cancellationToken)
    {
        long total = 0;
        foreach (var input in options.Inputs)
        {
            if (await CaptionReader.CountRowsAsync(input, options.ResolvePartition(), cancellationToken).ConfigureAwait(false) is not { } rows)
            {
                return null;
            }

            total += rows;
        }

        return total;
    }

    private static string SafeName(string label)
    {
        var chars = label.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray();
        return new string(chars);
    }
}
