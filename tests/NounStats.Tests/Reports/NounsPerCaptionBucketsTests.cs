using DataForge.NounStats.Counting;
using DataForge.NounStats.Reports;

namespace DataForge.NounStats.Tests.Reports;

public sealed class NounsPerCaptionBucketsTests
{
    [Fact]
    public void From_LongTail_LastBucketIsThe99thPercentileAndHoldsTheTail()
    {
        // 100 captions: 50 with one noun, 49 with two, one with 60; 99% have at most two nouns.
        var histogram = new long[61];
        histogram[1] = 50;
        histogram[2] = 49;
        histogram[60] = 1;

        var buckets = NounsPerCaptionBuckets.From([Statistics("a", histogram)], histogramMax: 100);

        Assert.Equal(2, buckets.LastBucket);
        Assert.True(buckets.Overflows);
        var (label, mean, percent) = Assert.Single(buckets.Shares);
        Assert.Equal("a", label);
        Assert.Equal((50 + 98 + 60) / 100.0, mean, 12);
        Assert.Equal([0.0, 50.0, 50.0], percent);
    }

    [Fact]
    public void From_JustBelow99Percent_TakesTheNextCount()
    {
        // 98 of 100 captions have at most one noun, so one noun does not reach 99%.
        var histogram = new long[] { 0, 98, 1, 1 };

        var buckets = NounsPerCaptionBuckets.From([Statistics("a", histogram)], histogramMax: 100);

        Assert.Equal(2, buckets.LastBucket);
        Assert.Equal([0.0, 98.0, 2.0], buckets.Shares[0].Percent);
    }

    [Fact]
    public void From_TwoInputs_LastBucketIsTheLargerPercentile()
    {
        var buckets = NounsPerCaptionBuckets.From(
            [Statistics("short", [10, 90]), Statistics("long", [0, 0, 0, 0, 50, 50])], histogramMax: 100);

        Assert.Equal(5, buckets.LastBucket);
        Assert.False(buckets.Overflows);
        Assert.Equal([10.0, 90.0, 0, 0, 0, 0], buckets.Shares[0].Percent);
        Assert.Equal([0.0, 0, 0, 0, 50, 50], buckets.Shares[1].Percent);
    }

    [Fact]
    public void From_HistogramMaxBelowThePercentile_CapsTheLastBucket()
    {
        var buckets = NounsPerCaptionBuckets.From([Statistics("a", [0, 0, 0, 0, 100])], histogramMax: 2);

        Assert.Equal(2, buckets.LastBucket);
        Assert.True(buckets.Overflows);
        Assert.Equal([0.0, 0, 100], buckets.Shares[0].Percent);
    }

    [Fact]
    public void From_EmptyInputLeftOut_AllNounlessCaptionsStillGetTwoBuckets()
    {
        var buckets = NounsPerCaptionBuckets.From([Statistics("empty", []), Statistics("none", [4])], histogramMax: 100);

        Assert.Equal(1, buckets.LastBucket);
        var (label, _, percent) = Assert.Single(buckets.Shares);
        Assert.Equal("none", label);
        Assert.Equal([100.0, 0], percent);
    }

    [Fact]
    public void NounsPerCaptionPlot_DrawsTheBucketsAsBarsFromZeroUpToTheLastBucket()
    {
        var histogram = new long[61];
        (histogram[1], histogram[2], histogram[60]) = (50, 49, 1);

        var plot = NounStatsPlots.NounsPerCaption([Statistics("a", histogram), Statistics("b", [0, 0, 100])]);

        var bars = plot.GetPlottables().Cast<ScottPlot.Plottables.BarPlot>().ToList();
        Assert.Equal(2, bars.Count);
        // Three buckets (0, 1, 2+) per input, side by side in each unit-wide slot.
        Assert.Equal([0.0, 50, 50], bars[0].Bars.Select(b => b.Value));
        Assert.Equal([0.0, 0, 100], bars[1].Bars.Select(b => b.Value));
        Assert.All(bars[0].Bars.Zip(bars[1].Bars), p => Assert.True(p.First.Position < p.Second.Position));
        var limits = plot.Axes.GetLimits();
        Assert.Equal(0, limits.Bottom);
        Assert.InRange(limits.Right, 2.5, 3);
        // Ticks are generated when the plot is drawn.
        _ = plot.GetImageBytes(600, 400, ScottPlot.ImageFormat.Png);
        Assert.Equal(["0", "1", "2+"], plot.Axes.Bottom.TickGenerator.Ticks.Where(t => t.IsMajor).Select(t => t.Label));
    }

    private static NounStatistics Statistics(string label, long[] histogram)
    {
        var captions = histogram.Sum();
        var nouns = histogram.Select((c, n) => c * n).Sum();
        return new NounStatistics(label, captions, nouns, nouns, 0, 0, 0, [], histogram, []);
    }
}
