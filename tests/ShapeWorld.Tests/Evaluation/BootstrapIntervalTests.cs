using System.Text.Json;
using DataForge.ShapeWorld.Evaluation;

namespace DataForge.ShapeWorld.Tests.Evaluation;

public sealed class BootstrapIntervalTests
{
    public static TheoryData<string> Cases() => new(Golden().Select(c => c.GetProperty("name").GetString()!));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Of_MatchesNumpyReference(string name)
    {
        // bootstrap_golden.py draws the same SplitMix64 indices and lets numpy take the means and percentiles.
        var golden = Golden().Single(c => c.GetProperty("name").GetString() == name);
        var values = golden.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToList();
        var interval = BootstrapInterval.Of(values, golden.GetProperty("resamples").GetInt32(), golden.GetProperty("seed").GetInt32());
        Assert.Equal(golden.GetProperty("mean").GetDouble(), interval.Mean, 1e-12);
        Assert.Equal(golden.GetProperty("low").GetDouble(), interval.Low, 1e-12);
        Assert.Equal(golden.GetProperty("high").GetDouble(), interval.High, 1e-12);
        Assert.Equal(values.Count, interval.Count);
    }

    [Fact]
    public void Of_NoValues_IsNaN()
    {
        var interval = BootstrapInterval.Of([], 100, 0);
        Assert.True(double.IsNaN(interval.Mean) && double.IsNaN(interval.Low) && double.IsNaN(interval.High));
    }

    private static List<JsonElement> Golden()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Evaluation", "bootstrap_golden.json");
        return JsonDocument.Parse(File.ReadAllText(path)).RootElement.EnumerateArray().ToList();
    }
}
