using System.Security.Cryptography;
using System.Text.Json;
using DataForge.Captioner.Imaging;
using DataForge.Captioner.Models;
using DataForge.Core.Imaging;
using DataForge.TestUtils;

namespace DataForge.Captioner.Tests.Imaging;

// Golden values: tests/Captioner.Tests/Imaging/make_preprocess_golden.py (PIL 9.4 + numpy re-doing the transformers
// processors' steps) on the LLaVA photos, written to Golden/preprocess_golden.json.
public sealed class PreprocessGoldenTests
{
    private static readonly Lazy<JsonDocument> Golden = new(() => JsonDocument.Parse(
        File.ReadAllText(RepoPaths.Combine("tests", "Captioner.Tests", "Imaging", "Golden", "preprocess_golden.json"))));

    [SharedDataTheory]
    [InlineData("extreme_ironing.jpg")]
    [InlineData("waterview.jpg")]
    public void Decode_LlavaPhoto_GivesThePixelsPilDecoded(string photo)
    {
        // The preprocessing goldens start from PIL's decode; they apply to Skia's only where the two agree.
        var expected = Expected(photo);
        using var decoded = UntrustedImageDecoder.Decode(SharedPhotos.Read("llava", photo), ImageDecodeLimits.Default);
        var rgb = decoded.Image!.CopyRgb24();

        Assert.Equal((expected.GetProperty("width").GetInt32(), expected.GetProperty("height").GetInt32()), (rgb.Width, rgb.Height));
        Assert.Equal(expected.GetProperty("decoded_sha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(rgb.Data)));
    }

    [SharedDataTheory]
    [InlineData("extreme_ironing.jpg", "clip336")]
    [InlineData("extreme_ironing.jpg", "llava_pad336")]
    [InlineData("extreme_ironing.jpg", "siglip384")]
    [InlineData("waterview.jpg", "clip336")]
    [InlineData("waterview.jpg", "llava_pad336")]
    [InlineData("waterview.jpg", "siglip384")]
    public void Preprocess_LlavaPhoto_EqualsTheTransformersProcessorRedoneWithPil(string photo, string processor)
    {
        // Given a photo and one of the processors of llava-1.5-7b-hf (CLIP), LLaVA's padded variant, and
        // llava-interleave-qwen-0.5b-hf (SigLIP)
        var expected = Expected(photo).GetProperty("processors").GetProperty(processor);
        var config = processor switch
        {
            "clip336" => PreprocessorConfig.Clip336(),
            "llava_pad336" => PreprocessorConfig.LlavaPadded336(),
            _ => PreprocessorConfig.Siglip384(),
        };
        var pre = new ImagePreprocessor(config);

        // When it is preprocessed
        var tensor = pre.Preprocess(SharedPhotos.Read("llava", photo));

        // Then the size, the per-channel statistics and the pixels the tensor is made of are PIL's
        Assert.Equal((expected.GetProperty("width").GetInt32(), expected.GetProperty("height").GetInt32()), (pre.Width, pre.Height));
        var plane = pre.Width * pre.Height;
        var pixels = new byte[3 * plane];
        for (var c = 0; c < 3; c++)
        {
            var channel = tensor.AsSpan(c * plane, plane);
            var mean = Mean(channel);
            var std = Math.Sqrt(Mean(channel, mean));
            Assert.Equal(expected.GetProperty("mean")[c].GetDouble(), mean, 4);
            Assert.Equal(expected.GetProperty("std")[c].GetDouble(), std, 4);
            for (var i = 0; i < plane; i++)
            {
                // Undo normalise and rescale: the 8-bit value the tensor was made from.
                pixels[(3 * i) + c] = (byte)Math.Round(((channel[i] * config.Std[c]) + config.Mean[c]) / config.RescaleFactor);
            }
        }

        var sampled = Convert.FromBase64String(expected.GetProperty("every4th_rgb").GetString()!);
        var (width, index, total) = (pre.Width, 0, 0L);
        for (var y = 0; y < pre.Height; y += 4)
        {
            for (var x = 0; x < width; x += 4, index += 3)
            {
                for (var c = 0; c < 3; c++)
                {
                    total += Math.Abs(pixels[(((y * width) + x) * 3) + c] - sampled[index + c]);
                }
            }
        }

        Assert.Equal(sampled.Length, index);
        Assert.True(total <= index, $"mean absolute difference {(double)total / index:F3} levels, above 1");
        Assert.Equal(expected.GetProperty("pixels_sha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(pixels)));
    }

    private static JsonElement Expected(string photo) => Golden.Value.RootElement.GetProperty("photos").GetProperty(photo);

    private static double Mean(ReadOnlySpan<float> values, double? squaredAround = null)
    {
        var sum = 0.0;
        foreach (var v in values)
        {
            sum += squaredAround is { } m ? (v - m) * (v - m) : v;
        }

        return sum / values.Length;
    }
}
