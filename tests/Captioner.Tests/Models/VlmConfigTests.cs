using DataForge.Captioner.Models;
using DataForge.TestUtils;

namespace DataForge.Captioner.Tests.Models;

// Config files below follow the published llava-hf configs (llava-1.5-7b-hf, llava-interleave-qwen-0.5b-hf).
public sealed class VlmConfigTests
{
    [Fact]
    public void Load_Llava15Configs_Gives576TokensClipWithoutPaddingAndVicunaTemplate()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.Combine("config.json"), """
            {"model_type":"llava","image_token_index":32000,"pad_token_id":32001,"vision_feature_layer":-2,
             "vision_feature_select_strategy":"default","text_config":{"model_type":"llama","max_position_embeddings":4096},
             "vision_config":{"patch_size":14,"image_size":336}}
            """);
        File.WriteAllText(temp.Combine("preprocessor_config.json"), """
            {"crop_size":{"height":336,"width":336},"do_center_crop":true,"do_convert_rgb":true,"do_normalize":true,
             "do_rescale":true,"do_resize":true,"image_mean":[0.48145466,0.4578275,0.40821073],
             "image_processor_type":"CLIPImageProcessor","image_std":[0.26862954,0.26130258,0.27577711],
             "resample":3,"rescale_factor":0.00392156862745098,"size":{"shortest_edge":336}}
            """);
        File.WriteAllText(temp.Combine("processor_config.json"), """
            {"image_token":"<image>","num_additional_image_tokens":1,"patch_size":14,"processor_class":"LlavaProcessor","vision_feature_select_strategy":"default"}
            """);
        File.WriteAllText(temp.Combine("generation_config.json"), """{"bos_token_id":1,"eos_token_id":2,"pad_token_id":32001}""");

        var config = VlmConfig.Load(temp.Path);

        Assert.Equal(576, config.ImageTokenCount);
        Assert.Equal(32000, config.ImageTokenId);
        Assert.Equal([2L], config.EosTokenIds);
        Assert.Equal(32001, config.PadTokenId);
        Assert.Equal(ChatTemplateKind.Llava15, config.Template);
        Assert.False(config.Preprocessor.PadToSquare); // CLIPImageProcessor never pads
        Assert.Equal((336, 336), (config.Preprocessor.OutputWidth, config.Preprocessor.OutputHeight));
        Assert.Equal("USER: <image><image>\nDescribe it ASSISTANT:", ChatTemplates.Format(config.Template, "Describe it", "<image>", 2));
    }

    [Fact]
    public void Load_QwenInterleaveConfigs_Gives729TokensSiglipAndChatMl()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.Combine("config.json"), """
            {"model_type":"llava","image_token_index":151646,"vision_feature_select_strategy":"full",
             "text_config":{"model_type":"qwen2","num_hidden_layers":24,"num_key_value_heads":2},
             "vision_config":{"model_type":"siglip_vision_model","patch_size":14,"image_size":384}}
            """);
        File.WriteAllText(temp.Combine("preprocessor_config.json"), """
            {"do_convert_rgb":true,"do_normalize":true,"do_rescale":true,"do_resize":true,"image_mean":[0.5,0.5,0.5],
             "image_processor_type":"SiglipImageProcessor","image_std":[0.5,0.5,0.5],"resample":3,
             "rescale_factor":0.00392156862745098,"size":{"height":384,"width":384}}
            """);
        File.WriteAllText(temp.Combine("processor_config.json"), """
            {"image_token":"<image>","num_image_tokens":729,"vision_feature_select_strategy":"full",
             "chat_template":"{% for message in messages %}{{'<|im_start|>' + message['role'] + ' '}}{% endfor %}"}
            """);
        File.WriteAllText(temp.Combine("generation_config.json"), """{"bos_token_id":151643,"eos_token_id":151645,"pad_token_id":151643}""");

        var config = VlmConfig.Load(temp.Path);

        Assert.Equal(729, config.ImageTokenCount);
        Assert.Equal(ChatTemplateKind.ChatMl, config.Template);
        Assert.Equal([151645L], config.EosTokenIds);
        Assert.False(config.Preprocessor.PadToSquare);
        Assert.Equal((384, 384), (config.Preprocessor.OutputWidth, config.Preprocessor.OutputHeight));
        Assert.Equal([0.5f, 0.5f, 0.5f], config.Preprocessor.Mean);
    }

    [Theory]
    [InlineData("\"vision_feature_select_strategy\":\"default\"", 575)] // LlavaProcessor drops CLS even without num_additional_image_tokens
    [InlineData("\"vision_feature_select_strategy\":\"default\",\"num_additional_image_tokens\":1", 576)]
    [InlineData("\"vision_feature_select_strategy\":\"full\"", 576)]
    [InlineData("\"vision_feature_select_strategy\":\"full\",\"num_additional_image_tokens\":1", 577)]
    public void Load_FeatureSelectStrategy_CountsImageTokensAsLlavaProcessorDoes(string processorKeys, int tokens)
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.Combine("config.json"), """{"model_type":"llava","image_token_index":32000,"eos_token_id":2}""");
        File.WriteAllText(temp.Combine("preprocessor_config.json"), """{"image_processor_type":"CLIPImageProcessor","size":{"shortest_edge":336},"crop_size":336}""");
        File.WriteAllText(temp.Combine("processor_config.json"), $$"""{"patch_size":14,{{processorKeys}}}""");

        Assert.Equal(tokens, VlmConfig.Load(temp.Path).ImageTokenCount);
    }

    [Fact]
    public void Load_MissingImageToken_ThrowsNamingTheFile()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.Combine("config.json"), """{"model_type":"llava","eos_token_id":2}""");
        File.WriteAllText(temp.Combine("preprocessor_config.json"), """{"size":{"height":336,"width":336}}""");
        var error = Assert.Throws<ModelFormatException>(() => VlmConfig.Load(temp.Path));
        Assert.Contains("image_token_index", error.Message);
    }
}
