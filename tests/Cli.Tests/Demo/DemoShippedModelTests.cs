using System.Text.Json;
using DataForge.TestUtils;

namespace DataForge.Cli.Tests.Demo;

public sealed class DemoShippedModelTests
{
    [ShippedCaptionerFact]
    public async Task Demo_ShippedCaptioner_DenseCaptionsHaveMoreNounsAndHigherVnDnThanAltTextAndAreScored()
    {
        using var dir = new TempDirectory();
        var work = dir.Combine("demo");

        var (code, output, error) = await CliRun.RunAsync("demo", "--work-dir", work, "--images", "48", "--train-steps", "2");

        Assert.True(code == 0, error);
        using var table = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(work, "nounstats", "table1.json")));
        var measured = table.RootElement.GetProperty("measured");
        var (alt, dense) = (measured[0], measured[1]);
        Assert.Equal(48, dense.GetProperty("Captions").GetInt32());
        double PerImage(JsonElement e) => e.GetProperty("TotalNouns").GetDouble() / e.GetProperty("Captions").GetDouble();
        double VnDn(JsonElement e) => e.GetProperty("ValidNouns").GetDouble() / e.GetProperty("DistinctNouns").GetDouble();

        // The paper's point, now shown by the demo: dense captions name more things, from a reused vocabulary.
        Assert.True(PerImage(dense) > 1.5 * PerImage(alt), $"dense {PerImage(dense):F2} vs alt {PerImage(alt):F2} nouns per image");
        Assert.True(VnDn(dense) > VnDn(alt), $"dense VN/DN {VnDn(dense):P1} vs alt {VnDn(alt):P1}");

        // What the demo guarantees is Table 1's direction. Whether the captions match the true scene graphs is the
        // issue's quality target, asserted (and, while the shipped model misses it, skipped with the measured numbers)
        // by ShippedCaptionerQualityTests in tests/ShapeWorld.Tests; here the demo must only report it.
        Assert.Matches(@"dense caption object F1: \d\.\d{3}  colour accuracy: \d\.\d{3} of \d+ matched objects  count accuracy: \d\.\d{3} of 48 scenes", output);
    }
}
