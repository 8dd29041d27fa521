using DataForge.Core.Diagnostics;
using System.Runtime.InteropServices;
using TorchSharp;

namespace DataForge.Trainer.Runtime;

/// <summary>The Trainer's lines of <c>dataforge doctor</c>: TorchSharp backend, libtorch version, threads and CUDA.</summary>
public static class TorchEnvironmentProbe
{
    /// <summary>Runs the checks. TorchSharp failing to load is a failure: training needs it.</summary>
    /// <returns>The checks.</returns>
    public static IReadOnlyList<EnvironmentCheck> Probe()
    {
        if (!TorchRuntime.TryLoad(out var error))
        {
            return [EnvironmentCheck.Failed("TorchSharp", error!)];
        }

        var checks = new List<EnvironmentCheck>();
        try
        {
            // A real op, not just a load: catches a backend that loads but cannot compute.
            using var scope = torch.NewDisposeScope();
            var sum = torch.arange(4, dtype: torch.float32).sum().item<float>();
            var detail = $"backend {TorchRuntime.BuildBackend}, libtorch {torch.__version__}, {torch.get_num_threads()} threads, arange(4).sum() = {sum}"
                + (TorchRuntime.ShimPath is null ? "" : ", libstdc++ shim preloaded");
            checks.Add(sum == 6f ? EnvironmentCheck.Ok("TorchSharp", detail) : EnvironmentCheck.Failed("TorchSharp", detail));
        }
        catch (Exception ex) when (ex is ExternalException or InvalidOperationException)
        {
            checks.Add(EnvironmentCheck.Failed("TorchSharp", ex.Message));
        }

        checks.Add(torch.cuda.is_available()
            ? EnvironmentCheck.Ok("TorchSharp CUDA", $"{torch.cuda.device_count()} device(s), cuDNN {(torch.cuda.is_cudnn_available() ? "available" : "unavailable")}")
            : EnvironmentCheck.Unavailable("TorchSharp CUDA", TorchRuntime.BuildBackend == "cpu"
                ? "this build uses TorchSharp-cpu; rebuild with -p:TorchBackend=cuda on a CUDA host"
                : "no CUDA device visible to libtorch"));
        return checks;
    }
}
