using DataForge.Core.Errors;
using DataForge.TestUtils;
using DataForge.Trainer.Features;

namespace DataForge.Cli.Tests.Commands;

public sealed class ModelsPullDiffusionTests
{
    private const string VaeRepo = "tiny-org/tiny-vae-onnx";
    private const string T5Repo = "tiny-org/tiny-t5-encoder-onnx";

    [Fact]
    public async Task Pull_VaeAndT5Exports_PlacesTheFilesIntoAFolderFeatureExtractionOpens()
    {
        using var temp = new TempDirectory();
        var source = TinyDiffusionModelsWriter.Write(temp.Combine("source"));
        // The VAE repository in Optimum's diffusion layout, with parts DataForge does not need.
        var vaeFiles = new Dictionary<string, (byte[] Content, bool Lfs)>
        {
            ["vae_encoder/model.onnx"] = (File.ReadAllBytes(source.VaeEncoder), true),
            ["vae_decoder/model.onnx"] = (File.ReadAllBytes(source.VaeDecoder), true),
            ["unet/model.onnx"] = ("unet"u8.ToArray(), true),
            ["README.md"] = ("# vae"u8.ToArray(), false),
        };
        // The T5 repository in Optimum's encoder-only layout: graph and tokenizer at the root, the graph's external
        // data beside it, a quantised variant and the decoder not wanted.
        var t5Files = new Dictionary<string, (byte[] Content, bool Lfs)>
        {
            ["encoder_model.onnx"] = (File.ReadAllBytes(source.TextEncoder), true),
            ["encoder_model.onnx_data"] = (Enumerable.Range(0, 3000).Select(i => (byte)(i * 7)).ToArray(), true),
            ["encoder_model_quantized.onnx"] = ("q8"u8.ToArray(), true),
            ["decoder_model.onnx"] = ("decoder"u8.ToArray(), true),
            ["tokenizer.json"] = (File.ReadAllBytes(source.Tokenizer), false),
        };
        await using var vaeHub = new LoopbackHubServer(VaeRepo, vaeFiles);
        await using var t5Hub = new LoopbackHubServer(T5Repo, t5Files);
        var output = temp.Combine("models");

        var vae = await CliRun.RunAsync("models", "pull", VaeRepo, "--kind", "vae", "--endpoint", vaeHub.Endpoint, "-o", output);
        var t5 = await CliRun.RunAsync("models", "pull", T5Repo, "--kind", "t5", "--endpoint", t5Hub.Endpoint, "-o", output);

        Assert.True(vae.ExitCode == 0, vae.Error);
        Assert.True(t5.ExitCode == 0, t5.Error);
        var models = new DiffusionModelDirectory(output);
        models.Require(vae: true, decoder: true, text: true);
        Assert.Equal(File.ReadAllBytes(source.VaeEncoder), File.ReadAllBytes(models.VaeEncoder));
        Assert.Equal(File.ReadAllBytes(source.VaeDecoder), File.ReadAllBytes(models.VaeDecoder));
        Assert.Equal(File.ReadAllBytes(source.TextEncoder), File.ReadAllBytes(models.TextEncoder));
        Assert.Equal(File.ReadAllBytes(source.Tokenizer), File.ReadAllBytes(models.Tokenizer));
        Assert.Equal(t5Files["encoder_model.onnx_data"].Content, File.ReadAllBytes(Path.Combine(output, "text_encoder", "encoder_model.onnx_data")));
        var fetched = Directory.GetFiles(output, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(output, f).Replace('\\', '/')).Order(StringComparer.Ordinal);
        Assert.Equal(
            ["text_encoder/encoder_model.onnx_data", "text_encoder/model.onnx", "tokenizer/tokenizer.json", "vae_decoder/model.onnx", "vae_encoder/model.onnx"],
            fetched);
        Assert.DoesNotContain(vaeHub.Requests.Concat(t5Hub.Requests), r => r.Path.Contains("unet", StringComparison.Ordinal) || r.Path.Contains("quantized", StringComparison.Ordinal) || r.Path.Contains("decoder_model", StringComparison.Ordinal));
        // The folder opens as the graphs feature extraction and sampling run.
        using (new VaeCodec(models, encoder: true, decoder: true))
        using (var text = new T5TextEncoder(models, tokens: 8))
        {
            Assert.Equal(32, text.Channels);
        }

        // A second pull finds every file present and verified.
        var again = await CliRun.RunAsync("models", "pull", VaeRepo, "--kind", "vae", "--endpoint", vaeHub.Endpoint, "-o", output);
        Assert.True(again.ExitCode == 0, again.Error);
        Assert.Contains("0 files fetched (0 bytes), 2 already present", again.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pull_CorruptedGraph_FailsVerificationAndLeavesNoGraph()
    {
        using var temp = new TempDirectory();
        var source = TinyDiffusionModelsWriter.Write(temp.Combine("source"));
        var files = new Dictionary<string, (byte[] Content, bool Lfs)>
        {
            ["vae_encoder.onnx"] = (File.ReadAllBytes(source.VaeEncoder), true),
            ["vae_decoder.onnx"] = (File.ReadAllBytes(source.VaeDecoder), true),
        };
        await using var hub = new LoopbackHubServer(VaeRepo, files);
        hub.Corrupt["vae_decoder.onnx"] = true;
        var output = temp.Combine("models");

        var pull = await CliRun.RunAsync("models", "pull", VaeRepo, "--kind", "vae", "--endpoint", hub.Endpoint, "-o", output, "--retries", "0");

        Assert.Equal(ExitCodes.Failed, pull.ExitCode);
        Assert.Contains("sha256", pull.Error, StringComparison.Ordinal);
        Assert.Contains("vae_decoder.onnx", pull.Error, StringComparison.Ordinal);
        // The flat layout's good graph was renamed into place; the corrupted one was discarded.
        Assert.Equal(File.ReadAllBytes(source.VaeEncoder), File.ReadAllBytes(Path.Combine(output, "vae_encoder", "model.onnx")));
        Assert.False(File.Exists(Path.Combine(output, "vae_decoder", "model.onnx")));
        Assert.Empty(Directory.GetFiles(Path.Combine(output, "vae_decoder")));
    }

    [Theory]
    [InlineData("vae", "diffusion_pytorch_model.safetensors", "no ONNX export of a VAE", "torch.onnx.export")]
    [InlineData("t5", "pytorch_model.bin", "no ONNX export of a T5 encoder", "optimum-cli export onnx --model google/t5-v1_1-xxl")]
    public async Task Pull_RepositoryWithoutAnOnnxExport_IsRefusedWithTheExporterCommand(string kind, string weights, string problem, string hint)
    {
        using var temp = new TempDirectory();
        var files = new Dictionary<string, (byte[] Content, bool Lfs)>
        {
            [weights] = ("weights"u8.ToArray(), true),
            ["config.json"] = ("{}"u8.ToArray(), false),
        };
        await using var hub = new LoopbackHubServer("stabilityai/sd-vae-ft-ema", files);
        var output = temp.Combine("models");

        var pull = await CliRun.RunAsync("models", "pull", "stabilityai/sd-vae-ft-ema", "--kind", kind, "--endpoint", hub.Endpoint, "-o", output);

        Assert.Equal(ExitCodes.Usage, pull.ExitCode);
        Assert.Contains(problem, pull.Error, StringComparison.Ordinal);
        Assert.Contains("it lists no .onnx file", pull.Error, StringComparison.Ordinal);
        Assert.Contains(hint, pull.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(hub.Requests, r => r.Path.Contains("/resolve/", StringComparison.Ordinal));
        Assert.False(Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any());
    }

    [Fact]
    public async Task Pull_T5RepositoryWithOnlyAnFp16Graph_IsRefusedListingWhatItHas()
    {
        using var temp = new TempDirectory();
        var files = new Dictionary<string, (byte[] Content, bool Lfs)>
        {
            ["onnx/encoder_model_fp16.onnx"] = ("fp16"u8.ToArray(), true),
            ["tokenizer.json"] = ("{}"u8.ToArray(), false),
        };
        await using var hub = new LoopbackHubServer(T5Repo, files);

        var pull = await CliRun.RunAsync("models", "pull", T5Repo, "--kind", "t5", "--endpoint", hub.Endpoint, "-o", temp.Combine("models"));

        // A half-precision encoder gives other features than the full-precision one the README names: not substituted.
        Assert.Equal(ExitCodes.Usage, pull.ExitCode);
        Assert.Contains("its .onnx files: onnx/encoder_model_fp16.onnx", pull.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(hub.Requests, r => r.Path.Contains("/resolve/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pull_DiffusionPartWithoutOutputOrWithDtype_IsRefused()
    {
        var noOutput = await CliRun.RunAsync("models", "pull", VaeRepo, "--kind", "vae", "--endpoint", "http://127.0.0.1:9");
        var dtype = await CliRun.RunAsync("models", "pull", T5Repo, "--kind", "t5", "--dtype", "fp16", "-o", "unused", "--endpoint", "http://127.0.0.1:9");

        Assert.Equal(ExitCodes.Usage, noOutput.ExitCode);
        Assert.Contains("--output", noOutput.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, dtype.ExitCode);
        Assert.Contains("--dtype", dtype.Error, StringComparison.Ordinal);
    }
}
