using DataForge.Captioner.Models;
using DataForge.TestUtils;

namespace DataForge.Captioner.Tests.Models;

public sealed class ModelFilesTests
{
    [Fact]
    public void Locate_PerGraphDtypes_PicksTheSuffixedFilesAndTheirExternalData()
    {
        using var temp = new TempDirectory();
        var onnx = temp.Combine("onnx");
        Directory.CreateDirectory(onnx);
        foreach (var name in new[] { "vision_encoder_fp16.onnx", "vision_encoder.onnx", "embed_tokens_fp16.onnx", "decoder_model_merged_q4.onnx",
                     "decoder_model_merged_q4.onnx_data", "decoder_model_merged_q4.onnx_data_1", "decoder_model_merged_fp16.onnx" })
        {
            File.WriteAllText(Path.Combine(onnx, name), "");
        }

        var files = ModelFiles.Locate(temp.Path, "fp16,decoder_model_merged:q4");

        Assert.EndsWith("vision_encoder_fp16.onnx", files.VisionEncoderPath);
        Assert.EndsWith("embed_tokens_fp16.onnx", files.EmbedTokensPath);
        Assert.EndsWith("decoder_model_merged_q4.onnx", files.DecoderPath);
        Assert.Equal(["decoder_model_merged_q4.onnx_data", "decoder_model_merged_q4.onnx_data_1"], ModelFiles.ExternalDataFiles(files.DecoderPath).Select(Path.GetFileName));
        // Without a request, fp32 wins where present, else the next variant in preference order.
        var auto = ModelFiles.Locate(temp.Path);
        Assert.EndsWith("vision_encoder.onnx", auto.VisionEncoderPath);
        Assert.EndsWith("decoder_model_merged_fp16.onnx", auto.DecoderPath);
    }

    [Fact]
    public void Locate_MissingVariant_ListsWhatIsThere()
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(temp.Combine("onnx"));
        File.WriteAllText(temp.Combine("onnx", "embed_tokens.onnx"), "");
        File.WriteAllText(temp.Combine("onnx", "decoder_model_merged.onnx"), "");
        var error = Assert.Throws<ModelFormatException>(() => ModelFiles.Locate(temp.Path, "q4"));
        Assert.Contains("embed_tokens_q4.onnx not found", error.Message);
        Assert.Contains("embed_tokens.onnx", error.Message);
    }
}
