using System.Globalization;
using DataForge.NounStats.Counting;
using ScottPlot;

namespace DataForge.NounStats.Reports;

/// <summary>PNG plots of noun statistics (ScottPlot): rank-frequency on log-log axes and nouns per caption.</summary>
public static class NounStatsPlots
{
    private const int Width = 900;
    private const int Height = 560;

    /// <summary>Writes both plots to a folder.</summary>
    /// <param name="directory">The report folder.</param>
    /// <param name="statistics">One entry per input.</param>
    /// <param name="histogramMax">Last histogram bucket; larger counts are drawn in it.</param>
    /// <returns>The files written.</returns>
    public static IReadOnlyList<string> WriteAll(string directory, IReadOnlyList<NounStatistics> statistics, int histogramMax)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        Directory.CreateDirectory(directory);
        var rankPath = Path.GetFullPath(Path.Combine(directory, "rank_frequency.png"));
        var histogramPath = Path.GetFullPath(Path.Combine(directory, "nouns_per_caption.png"));
        WriteRankFrequency(rankPath, statistics);
        WriteHistogram(histogramPath, statistics, histogramMax);
        return [rankPath, histogramPath];
    }

    /// <summary>Writes a log-log rank-frequency plot, one line per input.</summary>
    /// <param name="path">The PNG file.</param>
    /// <param name="statistics">One entry per input.</param>
    public static void WriteRankFrequency(string path, IReadOnlyList<NounStatistics> statistics) =>
        RankFrequency(statistics).SavePng(path, Width, Height);

    /// <summary>Creates the log-log rank-frequency plot, one line per input, for saving or further styling.</summary>
    /// <param name="statistics">One entry per input.</param>
    /// <returns>The plot.</returns>
    public static Plot RankFrequency(IReadOnlyList<NounStatistics> statistics)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        PlotFonts.Ensure();
        var plot = new Plot();
        var maxRank = 1.0;
        var maxCount = 1.0;
        foreach (var s in statistics.Where(s => s.RankFrequencies.Count > 0))
        {
            // Axes carry log10 values; ticks are labelled with the real numbers.
            var xs = Enumerable.Range(1, s.RankFrequencies.Count).Select(r => Math.Log10(r)).ToArray();
            var ys = s.RankFrequencies.Select(c => Math.Log10(c)).ToArray();
            var line = plot.Add.ScatterLine(xs, ys);
            line.LegendText = s.Label;
            line.LineWidth = 2;
            maxRank = Math.Max(maxRank, s.RankFrequencies.Count);
            maxCount = Math.Max(maxCount, s.RankFrequencies[0]);
        }

        SetLogTicks(plot.Axes.Bottom, maxRank);
        SetLogTicks(plot.Axes.Left, maxCount);
        plot.Title("Noun rank-frequency (log-log)");
        plot.XLabel("rank");
        plot.YLabel("occurrences");
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    /// <summary>Writes the nouns-per-caption bars, one series per input, as a share of captions.</summary>
    /// <param name="path">The PNG file.</param>
    /// <param name="statistics">One entry per input.</param>
    /// <param name="histogramMax">Upper limit of the last bucket; larger counts are drawn in it.</param>
    public static void WriteHistogram(string path, IReadOnlyList<NounStatistics> statistics, int histogramMax) =>
        NounsPerCaption(statistics, histogramMax).SavePng(path, Width, Height);

    /// <summary>
    /// Creates the nouns-per-caption plot: one bar per integer count (inputs side by side), y from 0, the last bucket
    /// chosen from the data by <see cref="NounsPerCaptionBuckets.From"/>.
    /// </summary>
    /// <param name="statistics">One entry per input.</param>
    /// <param name="histogramMax">Upper limit of the last bucket; larger counts are drawn in it.</param>
    /// <returns>The plot.</returns>
    public static Plot NounsPerCaption(IReadOnlyList<NounStatistics> statistics, int histogramMax = NounStatsConstants.DefaultHistogramMax)
    {
        var buckets = NounsPerCaptionBuckets.From(statistics, histogramMax);
        PlotFonts.Ensure();
        var plot = new Plot();
        // Bars of one count share a unit-wide slot so the inputs can be compared bucket by bucket.
        var width = 0.8 / Math.Max(1, buckets.Shares.Count);
        var top = 0.0;
        for (var i = 0; i < buckets.Shares.Count; i++)
        {
            var (label, mean, percent) = buckets.Shares[i];
            var offset = ((i + 0.5) * width) - 0.4;
            var positions = Enumerable.Range(0, percent.Length).Select(n => n + offset).ToArray();
            var bars = plot.Add.Bars(positions, percent);
            foreach (var bar in bars.Bars)
            {
                bar.Size = width;
            }

            bars.LegendText = string.Create(CultureInfo.InvariantCulture, $"{label} (mean {mean:F1})");
            top = Math.Max(top, percent.Max());
        }

        // Integer ticks only (a count of nouns has no halves), thinned so that at most about 25 labels fit the axis.
        var every = Math.Max(1, (int)Math.Ceiling((buckets.LastBucket + 1) / 25.0));
        var ticks = Enumerable.Range(0, buckets.LastBucket + 1).Where(n => n % every == 0 || n == buckets.LastBucket).ToArray();
        plot.Axes.Bottom.SetTicks(
            ticks.Select(n => (double)n).ToArray(),
            ticks.Select(n => n == buckets.LastBucket && buckets.Overflows ? $"{n}+" : n.ToString(CultureInfo.InvariantCulture)).ToArray());
        plot.Axes.SetLimitsX(-0.6, buckets.LastBucket + 0.6);
        plot.Axes.SetLimitsY(0, Math.Max(1, top * 1.08));
        plot.Title("Nouns per caption");
        var lastLabel = buckets.Overflows ? $"{buckets.LastBucket}+" : $"{buckets.LastBucket}";
        plot.XLabel(string.Create(CultureInfo.InvariantCulture, $"nouns in a caption (last bucket: {lastLabel})"));
        plot.YLabel("share of captions (%)");
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    private static void SetLogTicks(IAxis axis, double max)
    {
        var decades = Math.Max(1, (int)Math.Ceiling(Math.Log10(max)));
        var positions = Enumerable.Range(0, decades + 1).Select(d => (double)d).ToArray();
        var labels = positions.Select(p => Math.Pow(10, p).ToString("N0", CultureInfo.InvariantCulture)).ToArray();
        axis.SetTicks(positions, labels);
    }
}
