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

    [Fact]
    public void CudaUnavailableReason_WithoutCudaLibraries_NamesTheMissingLibrary()
    {
        var cudaRuntimePresent = System.Runtime.InteropServices.NativeLibrary.TryLoad("libcublasLt.so.13", out var handle);
        if (cudaRuntimePresent)
        {
            System.Runtime.InteropServices.NativeLibrary.Free(handle);
            return; // A CUDA 13 host: the reason, if any, is something else (no device, driver); covered above.
        }

        var reason = OrtEnvironmentProbe.CudaUnavailableReason();
        Assert.NotNull(reason);
        Assert.Matches(@"lib(cublasLt|cudart|cublas|cudnn)[^ ]*\.so\.\d+", reason);
    }
}
