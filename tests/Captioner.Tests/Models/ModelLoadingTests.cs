using DataForge.Captioner.Generation;
using DataForge.Captioner.Imaging;
using DataForge.Captioner.Models;
using DataForge.Captioner.Runtime;
using DataForge.Captioner.Tiny;
using DataForge.TestUtils;
using Microsoft.Extensions.Logging;

namespace DataForge.Captioner.Tests.Models;

public sealed class ModelLoadingTests
{
    [Fact]
    public void Load_Float16Variant_GivesTheSameCaptionsAsFloat32()
    {
        using var temp = new TempDirectory();
        var dir = temp.Combine("tiny");
        TinyLlavaModelWriter.Write(dir);
        TinyLlavaModelWriter.Write(dir, new TinyLlavaModelOptions { Float16 = true });
        var cpu = new ModelLoadOptions { ExecutionProvider = ExecutionProviderKind.Cpu };
        using var fp32 = VisionLanguageModel.Load(dir, cpu);
        using var fp16 = VisionLanguageModel.Load(dir, new ModelLoadOptions { ExecutionProvider = ExecutionProviderKind.Cpu, Dtype = "fp16" });
        var pre = new ImagePreprocessor(fp32.Config.Preprocessor);
        GenerationRequest[] requests = [.. new[] { TestImages.Red, TestImages.Blue }.Select((img, i) => new GenerationRequest($"k{i}", fp32.EncodePrompt("Describe this image"), pre.Preprocess(img)))];

        Assert.Equal("fp16", fp16.Files.Dtypes[ModelFiles.Decoder]);
        Assert.Equal(Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Float16, fp16.Signature.CacheType);
        Assert.Equal(fp32.Generate(requests, new GenerationOptions()).Select(r => r.Text), fp16.Generate(requests, new GenerationOptions()).Select(r => r.Text));
    }

    [Fact]
    public void Load_AutoProviderWithoutUsableCuda_LogsTheProbeReasonOnce()
    {
        var reason = OrtEnvironmentProbe.CudaUnavailableReason();
        if (reason is null)
        {
            return; // a usable GPU: nothing to fall back from
        }

        using var temp = new TempDirectory();
        var dir = TinyLlavaModelWriter.Write(temp.Combine("tiny"));
        var logger = new ListLogger();
        using var model = VisionLanguageModel.Load(dir, new ModelLoadOptions { ExecutionProvider = ExecutionProviderKind.Auto }, logger);

        Assert.False(model.UsesCuda);
        var warning = Assert.Single(logger.Lines, l => l.Level == LogLevel.Warning);
        Assert.Contains(reason, warning.Message);
    }

    [Fact]
    public void Load_CudaRequiredWithoutUsableCuda_ThrowsEnvironmentUnavailable()
    {
        if (OrtEnvironmentProbe.CudaUnavailableReason() is null)
        {
            return;
        }

        using var temp = new TempDirectory();
        var dir = TinyLlavaModelWriter.Write(temp.Combine("tiny"));
        Assert.Throws<DataForge.Core.Errors.EnvironmentUnavailableException>(() =>
            VisionLanguageModel.Load(dir, new ModelLoadOptions { ExecutionProvider = ExecutionProviderKind.Cuda }));
    }

    [Fact]
    public void Tokenizer_LoadsNativelyAndRecognisesTheImageToken()
    {
        using var temp = new TempDirectory();
        var dir = TinyLlavaModelWriter.Write(temp.Combine("tiny"));
        using var tokenizer = HuggingFaceTokenizer.Load(Path.Combine(dir, "tokenizer.json"));

        var ids = tokenizer.Encode("USER: <image><image>\nDescribe");

        Assert.Equal(6, ids.Length); // <s> USER : <image> <image> Describe
        Assert.Equal(1, ids[0]);
        Assert.Equal([TinyLlavaModelWriter.ImageId, TinyLlavaModelWriter.ImageId], ids[3..5]);
        Assert.Equal("USER : Describe", tokenizer.Decode(ids));
    }

    private sealed class ListLogger : ILogger
    {
        public List<(LogLevel Level, string Message)> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add((logLevel, formatter(state, exception)));
    }
}
