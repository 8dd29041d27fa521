using DataForge.Captioner.Runtime;
using DataForge.Core.Diagnostics;

namespace DataForge.Captioner.Tests.Runtime;

public sealed class OrtEnvironmentProbeTests
{
    [Fact]
    public void Probe_CpuSessionRuns_AndCudaHasAnOutcomeWithReason()
    {
        var checks = OrtEnvironmentProbe.Probe();

        var runtime = Assert.Single(checks, c => c.Component == "ONNX Runtime");
        Assert.Equal(CheckOutcome.Ok, runtime.Outcome);
        Assert.Contains("1.31.0", runtime.Detail, StringComparison.Ordinal);
        Assert.Contains("CPUExecutionProvider", runtime.Detail, StringComparison.Ordinal);

        var cuda = Assert.Single(checks, c => c.Component == "ONNX Runtime CUDA provider");
        Assert.NotEqual(CheckOutcome.Failed, cuda.Outcome);
        if (cuda.Outcome == CheckOutcome.Unavailable)
        {
            // Without a GPU the provider library loads but cannot find the CUDA runtime: ORT names what is missing.
            Assert.Matches("(?i)cuda|cudnn|libcu", cuda.Detail);
        }
    }
}
