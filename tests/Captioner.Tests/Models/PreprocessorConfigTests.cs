using System.Text.Json;
using DataForge.Captioner.Models;

namespace DataForge.Captioner.Tests.Models;

// The preprocessor_config.json files below are the published ones (huggingface.co, main as of 2025):
// llava-hf/llava-1.5-7b-hf (505 bytes), llava-hf/llava-interleave-qwen-0.5b-hf (393 bytes),
// llava-hf/llava-onevision-qwen2-0.5b-ov-hf (image_grid_pinpoints shortened to three entries) and
// Qwen/Qwen2-VL-2B-Instruct (347 bytes).
public sealed class PreprocessorConfigTests
{
    private const string Llava15 = """
        {"crop_size":{"height":336,"width":336},"do_center_crop":true,"do_convert_rgb":true,"do_normalize":true,
         "do_rescale":true,"do_resize":true,"image_mean":[0.48145466,0.4578275,0.40821073],
         "image_processor_type":"CLIPImageProcessor","image_std":[0.26862954,0.26130258,0.27577711],
         "processor_class":"LlavaProcessor","resample":3,"rescale_factor":0.00392156862745098,"size":{"shortest_edge":336}}
        """;

    private const string Interleave = """
        {"do_convert_rgb":null,"do_normalize":true,"do_rescale":true,"do_resize":true,"image_mean":[0.5,0.5,0.5],
         "image_processor_type":"SiglipImageProcessor","image_std":[0.5,0.5,0.5],"processor_class":"LlavaProcessor",
         "resample":3,"rescale_factor":0.00392156862745098,"size":{"height":384,"width":384}}
        """;

    private const string Onevision = """
        {"crop_size":{"height":384,"width":384},"do_center_crop":true,"do_convert_rgb":true,"do_normalize":true,
         "do_pad":true,"do_rescale":true,"do_resize":true,"image_grid_pinpoints":[[384,384],[384,768],[768,384]],
         "image_mean":[0.5,0.5,0.5],"image_processor_type":"LlavaOnevisionImageProcessor","image_std":[0.5,0.5,0.5],
         "processor_class":"LlavaOnevisionProcessor","resample":3,"rescale_factor":0.00392156862745098,
         "size":{"height":384,"width":384}}
        """;

    private const string Qwen2Vl = """
        {"min_pixels":3136,"max_pixels":12845056,"patch_size":14,"temporal_patch_size":2,"merge_size":2,
         "image_mean":[0.48145466,0.4578275,0.40821073],"image_std":[0.26862954,0.26130258,0.27577711],
         "image_processor_type":"Qwen2VLImageProcessor","processor_class":"Qwen2VLProcessor"}
        """;

    [Fact]
    public void Parse_Llava15Hf_IsClipAt336WithoutPadding()
    {
        // CLIPImageProcessor has no do_pad: llava-1.5-7b-hf's processor resizes the short side and centre-crops.
        var config = Parse(Llava15);

        Assert.Equal("CLIPImageProcessor", config.ProcessorType);
        Assert.False(config.PadToSquare);
        Assert.Equal(336, config.ShortestEdge);
        Assert.True(config.CenterCrop);
        Assert.Equal((336, 336), (config.OutputWidth, config.OutputHeight));
        Assert.Equal(3, config.Resample);
        Assert.Equal([0.48145466f, 0.4578275f, 0.40821073f], config.Mean);
        Assert.Equal([0.26862954f, 0.26130258f, 0.27577711f], config.Std);
        Assert.Equal(1f / 255f, config.RescaleFactor, 7);
    }

    [Fact]
    public void Parse_InterleaveQwen_IsSiglipExact384WithHalfMeanAndStd()
    {
        var config = Parse(Interleave);

        Assert.Null(config.ShortestEdge);
        Assert.False(config.CenterCrop);
        Assert.False(config.PadToSquare);
        Assert.Equal((384, 384), (config.ResizeWidth, config.ResizeHeight));
        Assert.Equal((384, 384), (config.OutputWidth, config.OutputHeight));
        Assert.Equal([0.5f, 0.5f, 0.5f], config.Mean);
        Assert.Equal([0.5f, 0.5f, 0.5f], config.Std);
    }

    [Fact]
    public void Parse_OnevisionAnyResolution_IsRefusedNamingTheGrid()
    {
        var error = Assert.Throws<ModelFormatException>(() => Parse(Onevision));
        Assert.Contains("LlavaOnevisionImageProcessor", error.Message, StringComparison.Ordinal);
        Assert.Contains("image_grid_pinpoints", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Qwen2Vl_IsRefusedAsDynamicResolution()
    {
        var error = Assert.Throws<ModelFormatException>(() => Parse(Qwen2Vl));
        Assert.Contains("Qwen2VLImageProcessor", error.Message, StringComparison.Ordinal);
        Assert.Contains("min_pixels", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("CLIPImageProcessor", false)] // no such parameter: a stray do_pad is ignored, as transformers does
    [InlineData("CLIPImageProcessorFast", false)]
    [InlineData("LlavaImageProcessor", true)]
    [InlineData("SiglipImageProcessor", false)]
    public void Parse_DoPadTrue_PadsOnlyWhereTheClassHasDoPad(string type, bool pads)
    {
        var size = type.StartsWith("Siglip", StringComparison.Ordinal) ? """{"height":384,"width":384}""" : """{"shortest_edge":336}""";
        Assert.Equal(pads, Parse($$"""{"image_processor_type":"{{type}}","do_pad":true,"size":{{size}}}""").PadToSquare);
    }

    [Fact]
    public void Parse_LlavaImageProcessorWithoutDoPad_DoesNotPad()
    {
        // LlavaImageProcessor's do_pad defaults to False.
        Assert.False(Parse("""{"image_processor_type":"LlavaImageProcessor","size":{"shortest_edge":336},"crop_size":336}""").PadToSquare);
    }

    [Fact]
    public void Parse_ClipWithOnlyItsClassName_TakesTheClassDefaults()
    {
        // CLIPImageProcessor.__init__: shortest_edge 224, do_center_crop True, crop 224x224, bicubic, OPENAI_CLIP mean/std.
        var config = Parse("""{"image_processor_type":"CLIPImageProcessor"}""");

        Assert.Equal(224, config.ShortestEdge);
        Assert.True(config.CenterCrop);
        Assert.Equal((224, 224), (config.OutputWidth, config.OutputHeight));
        Assert.Equal(PreprocessorConfig.ClipMean, config.Mean);
    }

    [Fact]
    public void Parse_SiglipWithOnlyItsClassName_TakesTheClassDefaults()
    {
        // SiglipImageProcessor.__init__: 224x224, IMAGENET_STANDARD mean/std (0.5), no crop.
        var config = Parse("""{"image_processor_type":"SiglipImageProcessor","size":256}""");

        Assert.Equal((256, 256), (config.OutputWidth, config.OutputHeight));
        Assert.Equal([0.5f, 0.5f, 0.5f], config.Mean);
        Assert.False(config.CenterCrop);
        var bare = Parse("""{"image_processor_type":"SiglipImageProcessor"}""");
        Assert.Equal((224, 224), (bare.OutputWidth, bare.OutputHeight));
    }

    [Fact]
    public void Parse_LegacyIntegerSizeForClip_IsAShortestEdge()
    {
        // get_size_dict(336, default_to_square=False) is {"shortest_edge": 336}.
        var config = Parse("""{"image_processor_type":"CLIPImageProcessor","size":336,"crop_size":336}""");

        Assert.Equal(336, config.ShortestEdge);
        Assert.Equal((336, 336), (config.OutputWidth, config.OutputHeight));
    }

    [Theory]
    [InlineData("""{"image_processor_type":"CLIPImageProcessor","size":{"shortest_edge":300},"crop_size":336}""", "larger than the resized image")]
    [InlineData("""{"image_processor_type":"CLIPImageProcessor","size":{"shortest_edge":336},"do_center_crop":false}""", "depends on the image")]
    [InlineData("""{"image_processor_type":"CLIPImageProcessor","do_resize":false}""", "do_resize is false")]
    [InlineData("""{"image_processor_type":"BlipImageProcessor","size":{"height":384,"width":384}}""", "BlipImageProcessor is not one DataForge reproduces")]
    [InlineData("""{"image_processor_type":"LlavaNextImageProcessor","size":{"shortest_edge":336}}""", "image_grid_pinpoints")]
    public void Parse_ConfigWhoseOutputIsNotOneFixedView_IsRefusedWithTheReason(string json, string reason)
    {
        var error = Assert.Throws<ModelFormatException>(() => Parse(json));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    private static PreprocessorConfig Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return PreprocessorConfig.Parse(document.RootElement.Clone(), "preprocessor_config.json");
    }
}
