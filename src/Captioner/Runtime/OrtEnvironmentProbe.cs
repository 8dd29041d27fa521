using DataForge.Core.Onnx;
using DataForge.Core.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using Onnx;

namespace DataForge.Captioner.Runtime;

/// <summary>
/// The ONNX Runtime lines of <c>dataforge doctor</c>. Listing a provider as "available" only means ORT was built
/// with it; whether CUDA really works is only known by creating a session on it, which is what this does, with a
/// one-node model, reporting ORT's own error (e.g. a missing <c>libcudart.so.13</c> or cuDNN 9) when it fails.
/// </summary>
public static class OrtEnvironmentProbe
{
    /// <summary>Runs the checks.</summary>
    /// <returns>The checks: the runtime and CPU provider (required), then the CUDA provider (optional).</returns>
    public static IReadOnlyList<EnvironmentCheck> Probe()
    {
        var checks = new List<EnvironmentCheck>();
        string version;
        string[] providers;
        try
        {
            version = OrtEnv.Instance().GetVersionString();
            providers = OrtEnv.Instance().GetAvailableProviders();
        }
        catch (Exception ex) when (ex is DllNotFoundException or TypeInitializationException or OnnxRuntimeException)
        {
            return [EnvironmentCheck.Failed("ONNX Runtime", ex.Message)];
        }

        var cpu = TryRun(null);
        checks.Add(cpu is null
            ? EnvironmentCheck.Ok("ONNX Runtime", $"{version}, providers built in: {string.Join(", ", providers)}; CPU session ran")
            : EnvironmentCheck.Failed("ONNX Runtime", $"{version}: CPU session failed: {cpu}"));

        if (!providers.Contains("CUDAExecutionProvider"))
        {
            checks.Add(EnvironmentCheck.Unavailable("ONNX Runtime CUDA provider", "this ONNX Runtime build has no CUDA provider"));
        }
        else
        {
            var cuda = CudaUnavailableReason();
            checks.Add(cuda is null
                ? EnvironmentCheck.Ok("ONNX Runtime CUDA provider", "session created and ran on device 0")
                : EnvironmentCheck.Unavailable("ONNX Runtime CUDA provider", cuda));
        }

        return checks;
    }

    /// <summary>Returns the reason the CUDA provider cannot run here, or <see langword="null"/> when it can.</summary>
    /// <returns>The reason.</returns>
    public static string? CudaUnavailableReason()
    {
        var env = OrtEnv.Instance();
        if (!env.GetAvailableProviders().Contains("CUDAExecutionProvider"))
        {
            return "this ONNX Runtime build has no CUDA provider";
        }

        // ORT logs the provider's load failure on stderr itself; the probe reports it once, in its own words.
        var previous = env.EnvLogLevel;
        env.EnvLogLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL;
        try
        {
            var failure = TryRun(options => options.AppendExecutionProvider_CUDA(0));
            return failure is null ? null : failure + ProviderLoadError();
        }
        finally
        {
            env.EnvLogLevel = previous;
        }
    }

    // ORT's exception only says the provider library failed to load; dlopen says which dependency is missing
    // (e.g. libcublasLt.so.13, libcudnn.so.9), which is what a user needs to fix it.
    private static string ProviderLoadError()
    {
        var candidates = new[]
        {
            Path.Combine(AppContext.BaseDirectory, "libonnxruntime_providers_cuda.so"),
            Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libonnxruntime_providers_cuda.so"),
        };
        var library = candidates.FirstOrDefault(File.Exists);
        if (library is null)
        {
            return " (libonnxruntime_providers_cuda.so is not next to the application)";
        }

        try
        {
            System.Runtime.InteropServices.NativeLibrary.Free(System.Runtime.InteropServices.NativeLibrary.Load(library));
            return "";
        }
        catch (DllNotFoundException ex)
        {
            // .NET puts dlerror()'s text, e.g. "libcublasLt.so.13: cannot open shared object file", on the last line.
            var reason = ex.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
            return reason is null ? "" : $" — {reason}";
        }
    }

    /// <summary>Builds the probe model: <c>y = x + 1</c> over a float vector.</summary>
    /// <returns>The model bytes.</returns>
    internal static byte[] ProbeModel() =>
        new OnnxGraphBuilder("probe")
            .Input("x", TensorProto.Types.DataType.Float, 4)
            .Initializer("one", [1f], 1)
            .Node("Add", ["x", "one"], ["y"])
            .Output("y", TensorProto.Types.DataType.Float, 4)
            .ToBytes();

    private static string? TryRun(Action<SessionOptions>? configure)
    {
        try
        {
            using var options = new SessionOptions();
            configure?.Invoke(options);
            using var session = new InferenceSession(ProbeModel(), options);
            using var input = OrtValue.CreateTensorValueFromMemory(new float[] { 1, 2, 3, 4 }, [4]);
            using var runOptions = new RunOptions();
            using var outputs = session.Run(runOptions, ["x"], [input], ["y"]);
            var y = outputs[0].GetTensorDataAsSpan<float>();
            return y[3] == 5f ? null : $"probe model returned {y[3]} instead of 5";
        }
        catch (Exception ex) when (ex is OnnxRuntimeException or DllNotFoundException or EntryPointNotFoundException or InvalidOperationException)
        {
            return FirstLine(ex.Message);
        }
    }

    private static string FirstLine(string message)
    {
        var line = message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? message;
        return line.Length > 400 ? line[..400] + "…" : line;
    }
}
