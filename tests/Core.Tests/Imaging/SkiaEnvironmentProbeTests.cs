using DataForge.Core.Diagnostics;
using DataForge.Core.Imaging;

namespace DataForge.Core.Tests.Imaging;

public sealed class SkiaEnvironmentProbeTests
{
    [Fact]
    public void Probe_OnThisHost_ReportsVersionsAndTheLoadedLibraryFile()
    {
        var check = SkiaEnvironmentProbe.Probe();

        Assert.Equal((SkiaEnvironmentProbe.Component, CheckOutcome.Ok), (check.Component, check.Outcome));
        var match = System.Text.RegularExpressions.Regex.Match(check.Detail, @"^4\.155\.0, native (\d+\.\d+)\S* from (/\S+); JPEG encode/decode ok$");
        Assert.True(match.Success, check.Detail);
        Assert.EndsWith("libSkiaSharp.so", match.Groups[2].Value, StringComparison.Ordinal);
        Assert.True(File.Exists(match.Groups[2].Value), $"reported library {match.Groups[2].Value} does not exist");
    }
}
