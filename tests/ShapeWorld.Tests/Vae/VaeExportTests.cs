using DataForge.ShapeWorld.Vae;
using DataForge.TestUtils;
using DataForge.Trainer.Features;
using Microsoft.ML.OnnxRuntime;
using TorchSharp;
using static TorchSharp.torch;

namespace DataForge.ShapeWorld.Tests.Vae;

/// <summary>The exported VAE graphs against the TorchSharp model, and the Trainer's <see cref="VaeCodec"/> loading them.</summary>
[Collection(TorchGlobalRandomCollection.Name)]
public sealed class VaeExportTests
{
    private const double Tolerance = 1e-4;

    // A decoder wider than the encoder, as --decoder-inner-channels/--decoder-outer-channels make it.
    private static readonly VaeConfig WideDecoder = new() { DecoderInnerChannels = 96, DecoderOuterChannels = 24 };

    private static ShapeVaeModel Model(int seed, VaeConfig? config = null)
    {
        ShapeWorld.Captioning.CaptionerTorch.EnsureLoaded();
        torch.manual_seed(seed);
        var model = new ShapeVaeModel(config ?? new VaeConfig());
        model.eval();
        return model;
    }

    private static float[] Scenes(params long[] indices) => VaePixels.Batch(new ShapeWorldGenerator(5), indices);

    private static float[] Torch(Func<Tensor> compute)
    {
        using var scope = NewDisposeScope();
        using var grad = no_grad();
        return compute().contiguous().data<float>().ToArray();
    }

    [Fact]
    public void ExportedEncoder_EqualsTorchPosterior_WithTheLatentScaleFolded()
    {
        using var model = Model(1);
        using var dir = new TempDirectory();
        var scale = VaeLatentScale.FromStd(1.7, 10);
        VaeOnnxExporter.Export(model, scale, dir.Path);
        var images = Scenes(0, 1);
        var raw = Torch(() => model.Encode(tensor(images, [2, 3, 64, 64])));
        var plane = 4 * 8 * 8;
        var expected = new float[raw.Length];
        for (var i = 0; i < raw.Length; i++)
        {
            // Mean channels carry k·mean, log-variance channels log(k²·var).
            expected[i] = i % (2 * plane) < plane ? (float)(raw[i] * scale.Multiplier) : (float)(raw[i] + (2 * Math.Log(scale.Multiplier)));
        }

        using var session = new InferenceSession(Path.Combine(dir.Path, "vae_encoder", "model.onnx"));
        using var input = OrtValue.CreateTensorValueFromMemory(images, [2, 3, 64, 64]);
        using var outputs = session.Run(new RunOptions(), ["sample"], [input], ["latent_parameters"]);

        Assert.Equal([2, 8, 8, 8], outputs[0].GetTensorTypeAndShape().Shape);
        AssertClose(expected, outputs[0].GetTensorDataAsSpan<float>().ToArray());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ExportedDecoder_EqualsTorchDecode_OfTheUnscaledLatent(bool wideDecoder)
    {
        using var model = Model(2, wideDecoder ? WideDecoder : null);
        using var dir = new TempDirectory();
        var scale = VaeLatentScale.FromStd(0.6, 10);
        VaeOnnxExporter.Export(model, scale, dir.Path);
        var random = new Random(4);
        var latents = Enumerable.Range(0, 2 * 4 * 8 * 8).Select(_ => (float)((random.NextDouble() * 4) - 2)).ToArray();
        var expected = Torch(() => model.Decode(tensor(latents, [2, 4, 8, 8]) / scale.Multiplier));

        using var session = new InferenceSession(Path.Combine(dir.Path, "vae_decoder", "model.onnx"));
        using var input = OrtValue.CreateTensorValueFromMemory(latents, [2, 4, 8, 8]);
        using var outputs = session.Run(new RunOptions(), ["latent_sample"], [input], ["sample"]);

        Assert.Equal([2, 3, 64, 64], outputs[0].GetTensorTypeAndShape().Shape);
        AssertClose(expected, outputs[0].GetTensorDataAsSpan<float>().ToArray());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TrainerVaeCodec_RoundTripThroughItsScalingFactor_EqualsTorchReconstruction(bool wideDecoder)
    {
        using var model = Model(3, wideDecoder ? WideDecoder : null);
        using var dir = new TempDirectory();
        VaeOnnxExporter.Export(model, VaeLatentScale.FromStd(2.3, 10), dir.Path);
        var images = Scenes(7, 8, 9);
        var expected = Torch(() => model.forward(tensor(images, [3, 3, 64, 64])));

        using var codec = new VaeCodec(new DiffusionModelDirectory(dir.Path), encoder: true, decoder: true);
        var (mean, std, shape) = codec.Encode(images, 3, 64, 64);
        // The DiT works on mean·0.18215 (train scales the sampled latent, sample decodes DiT output): decode that.
        var (decoded, height, width) = codec.Decode([.. mean.Select(v => (float)(v * VaeCodec.ScaleFactor))], [3, 4, 8, 8]);

        Assert.Equal((4, 8, 8), shape);
        Assert.All(std, s => Assert.True(s > 0));
        Assert.Equal((64, 64), (height, width));
        AssertClose(expected, decoded);
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        var worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(worst <= Tolerance, $"max |torch - onnx| = {worst:E2} > {Tolerance:E0}");
    }
}
