using DataForge.Core.Diagnostics;
using DataForge.Trainer.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace DataForge.Trainer.Tests.Runtime;

public sealed class TorchRuntimeTests
{
    [Fact]
    public void EnsureLoaded_RealOp_ComputesMatmul()
    {
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        var a = tensor(new float[] { 1, 2, 3, 4 }, [2, 2]);
        var b = tensor(new float[] { 5, 6, 7, 8 }, [2, 2]);
        Assert.Equal(new float[] { 19, 22, 43, 50 }, a.matmul(b).data<float>().ToArray());
    }

    [Fact]
    public void TinyModel_TrainsAFewSteps_LossFalls()
    {
        TorchRuntime.EnsureLoaded();
        manual_seed(1234);
        var model = nn.Sequential(("fc1", nn.Linear(4, 16)), ("act", nn.Tanh()), ("fc2", nn.Linear(16, 1)));
        var optimizer = optim.Adam(model.parameters(), lr: 0.05);
        using var data = NewDisposeScope();
        var x = randn(64, 4);
        var y = (x[.., 0] * 2 - x[.., 1] + 0.5f * x[.., 2] * x[.., 3]).unsqueeze(1);
        var losses = new List<float>();
        for (var step = 0; step < 30; step++)
        {
            using var stepScope = NewDisposeScope();
            optimizer.zero_grad();
            var loss = nn.functional.mse_loss(model.forward(x), y);
            loss.backward();
            optimizer.step();
            losses.Add(loss.item<float>());
        }

        Assert.True(losses[^1] < losses[0] * 0.2f, $"loss went {losses[0]} -> {losses[^1]}");
    }

    [Fact]
    public void Probe_ReportsWorkingCpuBackendAndCudaReason()
    {
        var checks = TorchEnvironmentProbe.Probe();
        var torchCheck = Assert.Single(checks, c => c.Component == "TorchSharp");
        Assert.Equal(CheckOutcome.Ok, torchCheck.Outcome);
        Assert.Contains("libtorch 2.10.0", torchCheck.Detail, StringComparison.Ordinal);
        var cuda = Assert.Single(checks, c => c.Component == "TorchSharp CUDA");
        Assert.NotEqual(CheckOutcome.Failed, cuda.Outcome);
        Assert.False(string.IsNullOrWhiteSpace(cuda.Detail));
    }

    [Fact]
    public void NativeFix_OnlyOnHostsWhoseLibstdcxxLacksGlibcxx3432()
    {
        var hostLibstdcxx = File.ReadAllLines("/proc/self/maps")
            .Where(l => l.Contains("libstdc++.so", StringComparison.Ordinal))
            .Select(l => l[l.IndexOf('/', StringComparison.Ordinal)..].Trim())
            .First();
        var hostHasVersion = ContainsAscii(File.ReadAllBytes(hostLibstdcxx), "GLIBCXX_3.4.32\0");
        var copy = Directory.GetFiles(AppContext.BaseDirectory, "libLibTorchSharp.so", SearchOption.AllDirectories).First();
        var readelf = RunReadelf(copy);
        var weak = readelf.Split('\n').Any(l => l.Contains("GLIBCXX_3.4.32", StringComparison.Ordinal) && l.Contains("WEAK", StringComparison.Ordinal));

        Assert.Equal(!hostHasVersion, weak);
        Assert.Equal(!hostHasVersion, File.Exists(Path.Combine(Path.GetDirectoryName(copy)!, TorchRuntime.ShimFileName)));
    }

    private static bool ContainsAscii(byte[] data, string text) =>
        data.AsSpan().IndexOf(System.Text.Encoding.ASCII.GetBytes(text)) >= 0;

    private static string RunReadelf(string path)
    {
        var info = new System.Diagnostics.ProcessStartInfo("readelf", ["-V", path]) { RedirectStandardOutput = true };
        using var process = System.Diagnostics.Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }
}
