using System.Text.Json;
using System.Text.Json.Nodes;
using DataForge.Core.Onnx;
using Onnx;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DataForge.ShapeWorld.Vae;

/// <summary>
/// Exports a <see cref="ShapeVaeModel"/> to the Optimum layout the Trainer's <c>VaeCodec</c> reads:
/// <c>vae_encoder/model.onnx</c> (<c>sample</c> (B, 3, H, W) in [−1, 1] → <c>latent_parameters</c> (B, 2C, H/8, W/8),
/// mean then log-variance) and <c>vae_decoder/model.onnx</c> (<c>latent_sample</c> → <c>sample</c>), each with a
/// diffusers-style <c>config.json</c>. The latent multiplier of <see cref="VaeLatentScale"/> is folded into the
/// encoder's last convolution (mean scaled, log-variance shifted by 2·ln k) and the decoder's first (weights divided),
/// so the graphs stay plain convolutions and the Trainer's fixed 0.18215 yields unit-variance latents.
/// </summary>
public static class VaeOnnxExporter
{
    private static readonly TensorProto.Types.DataType F32 = TensorProto.Types.DataType.Float;

    /// <summary>Writes the two graphs and their configs (files replaced, folders created).</summary>
    /// <param name="model">The trained model.</param>
    /// <param name="scale">The latent scale to fold in.</param>
    /// <param name="directory">The model folder.</param>
    /// <param name="provenance">How the model was made, recorded in the configs; null for none.</param>
    /// <returns>The folder's full path.</returns>
    public static string Export(ShapeVaeModel model, VaeLatentScale scale, string directory, VaeProvenance? provenance = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(scale);
        var config = model.Config;
        var k = (float)scale.Multiplier;
        var encoderDir = Path.Combine(directory, "vae_encoder");
        var decoderDir = Path.Combine(directory, "vae_decoder");
        Directory.CreateDirectory(encoderDir);
        Directory.CreateDirectory(decoderDir);

        var encoder = new OnnxGraphBuilder("shapeworld_vae_encoder")
            .Input("sample", F32, "batch", 3, "height", "width")
            .Output("latent_parameters", F32, "batch", 2 * config.LatentChannels, "latent_height", "latent_width");
        var x = "sample";
        var layers = model.EncoderLayers;
        for (var i = 0; i < layers.Count; i++)
        {
            var (weight, bias) = Weights(layers[i]);
            if (i == layers.Count - 1)
            {
                FoldOutputScale(weight, bias, config.LatentChannels, k);
            }

            x = Conv(encoder, $"enc{i}", x, weight, bias, layers[i], ShapeVaeModel.EncoderStride(i), i < layers.Count - 1);
        }

        encoder.Node("Identity", [x], ["latent_parameters"]).Save(Path.Combine(encoderDir, "model.onnx"));

        var decoder = new OnnxGraphBuilder("shapeworld_vae_decoder")
            .Input("latent_sample", F32, "batch", config.LatentChannels, "latent_height", "latent_width")
            .Output("sample", F32, "batch", 3, "height", "width")
            .Initializer("upsample_scales", [1f, 1f, 2f, 2f], 4);
        x = "latent_sample";
        layers = model.DecoderLayers;
        for (var i = 0; i < layers.Count; i++)
        {
            var (weight, bias) = Weights(layers[i]);
            if (i == 0)
            {
                // The decoder receives k·z: dividing the first convolution's weights by k undoes it exactly.
                for (var j = 0; j < weight.Length; j++)
                {
                    weight[j] /= k;
                }
            }

            if (ShapeVaeModel.UpsampledBefore(i))
            {
                decoder.Node("Resize", [x, "", "upsample_scales"], [$"dec{i}_up"], ("mode", "nearest"),
                    ("coordinate_transformation_mode", "asymmetric"), ("nearest_mode", "floor"));
                x = $"dec{i}_up";
            }

            x = Conv(decoder, $"dec{i}", x, weight, bias, layers[i], 1, i < layers.Count - 1);
        }

        decoder.Node("Identity", [x], ["sample"]).Save(Path.Combine(decoderDir, "model.onnx"));

        var json = Config(config, scale, provenance).ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        File.WriteAllText(Path.Combine(encoderDir, "config.json"), json);
        File.WriteAllText(Path.Combine(decoderDir, "config.json"), json);
        return Path.GetFullPath(directory);
    }

    // Output channels [0, C) are the mean (scaled by k), [C, 2C) the log-variance (shifted by 2·ln k).
    private static void FoldOutputScale(float[] weight, float[] bias, int latentChannels, float k)
    {
        var perChannel = weight.Length / bias.Length;
        for (var c = 0; c < latentChannels; c++)
        {
            bias[c] *= k;
            for (var j = 0; j < perChannel; j++)
            {
                weight[(c * perChannel) + j] *= k;
            }
        }

        var shift = 2 * MathF.Log(k);
        for (var c = latentChannels; c < bias.Length; c++)
        {
            bias[c] += shift;
        }
    }

    private static string Conv(OnnxGraphBuilder g, string name, string x, float[] weight, float[] bias, Conv2d conv, long stride, bool silu)
    {
        g.Initializer(name + "_w", weight, conv.weight!.shape)
            .Initializer(name + "_b", bias, conv.bias!.shape)
            .Node("Conv", [x, name + "_w", name + "_b"], [name], ("kernel_shape", new long[] { 3, 3 }),
                ("pads", new long[] { 1, 1, 1, 1 }), ("strides", new long[] { stride, stride }));
        return silu ? Captioning.CaptionerOnnxExporter.Silu(g, name) : name;
    }

    private static (float[] Weight, float[] Bias) Weights(Conv2d conv)
    {
        using var scope = NewDisposeScope();
        using var grad = no_grad();
        return (conv.weight!.detach().contiguous().data<float>().ToArray(), conv.bias!.detach().contiguous().data<float>().ToArray());
    }

    private static JsonObject Config(VaeConfig config, VaeLatentScale scale, VaeProvenance? provenance)
    {
        var node = new JsonObject
        {
            ["_class_name"] = "AutoencoderKL",
            ["_dataforge_model"] = "dataforge/shapeworld-vae",
            ["in_channels"] = 3,
            ["out_channels"] = 3,
            ["latent_channels"] = config.LatentChannels,
            ["sample_size"] = config.ImageSize,
            ["scaling_factor"] = VaeLatentScale.TrainerScalingFactor,
            ["latent_multiplier"] = scale.Multiplier,
            ["measured_latent_std"] = scale.MeasuredStd,
            ["scale_scenes"] = scale.Scenes,
        };
        if (provenance is not null)
        {
            node["training"] = JsonSerializer.SerializeToNode(provenance);
        }

        return node;
    }
}
