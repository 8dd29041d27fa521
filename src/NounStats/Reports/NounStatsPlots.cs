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

    /// <summary>Writes the nouns-per-caption distribution, one line per input, as a share of captions.</summary>
    /// <param name="path">The PNG file.</param>
    /// <param name="statistics">One entry per input.</param>
    /// <param name="histogramMax">Last bucket; larger counts are drawn in it.</param>
    public static void WriteHistogram(string path, IReadOnlyList<NounStatistics> statistics, int histogramMax) =>
        NounsPerCaption(statistics, histogramMax).SavePng(path, Width, Height);

    /// <summary>Creates the nouns-per-caption distribution plot, one step line per input as a share of captions.</summary>
    /// <param name="statistics">One entry per input.</param>
    /// <param name="histogramMax">Last bucket; larger counts are drawn in it.</param>
    /// <returns>The plot.</returns>
    public static Plot NounsPerCaption(IReadOnlyList<NounStatistics> statistics, int histogramMax = NounStatsConstants.DefaultHistogramMax)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        PlotFonts.Ensure();
        var plot = new Plot();
        var highest = 1;
        foreach (var s in statistics.Where(s => s.Captions > 0))
        {
            var buckets = BucketShares(s, histogramMax);
            highest = Math.Max(highest, buckets.Length - 1);
            var xs = Enumerable.Range(0, buckets.Length).Select(i => (double)i).ToArray();
            var line = plot.Add.ScatterLine(xs, buckets);
            line.LegendText = string.Create(CultureInfo.InvariantCulture, $"{s.Label} (mean {s.AveragePerCaption:F1})");
            line.LineWidth = 2;
            line.ConnectStyle = ConnectStyle.StepVertical;
        }

        plot.Axes.SetLimitsX(-0.5, highest + 0.5);
        plot.Title("Nouns per caption");
        plot.XLabel(string.Create(CultureInfo.InvariantCulture, $"nouns in a caption (last bucket: {histogramMax}+)"));
        plot.YLabel("share of captions (%)");
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    private static double[] BucketShares(NounStatistics s, int histogramMax)
    {
        var length = Math.Min(s.NounsPerCaptionHistogram.Count, histogramMax + 1);
        var shares = new double[length];
        for (var n = 0; n < s.NounsPerCaptionHistogram.Count; n++)
        {
            shares[Math.Min(n, length - 1)] += 100.0 * s.NounsPerCaptionHistogram[n] / s.Captions;
        }

        return shares;
    }

    private static void SetLogTicks(IAxis axis, double max)
    {
        var decades = Math.Max(1, (int)Math.Ceiling(Math.Log10(max)));
        var positions = Enumerable.Range(0, decades + 1).Select(d => (double)d).ToArray();
        var labels = positions.Select(p => Math.Pow(10, p).ToString("N0", CultureInfo.InvariantCulture)).ToArray();
        axis.SetTicks(positions, labels);
    }
}
