using System.Text.Json;
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
        File.WriteAllText(temp.Combine("chat_template.json"), JsonSerializer.Serialize(new { chat_template = File.ReadAllText(Golden("llava-1.5-7b-hf.jinja")) }));

        var config = VlmConfig.Load(temp.Path);

        Assert.Equal(576, config.ImageTokenCount);
        Assert.Equal(32000, config.ImageTokenId);
        Assert.Equal([2L], config.EosTokenIds);
        Assert.Equal(32001, config.PadTokenId);
        Assert.False(config.Preprocessor.PadToSquare); // CLIPImageProcessor never pads
        Assert.Equal((336, 336), (config.Preprocessor.OutputWidth, config.Preprocessor.OutputHeight));
        Assert.Equal("USER: <image><image>\nDescribe it ASSISTANT:", ChatTemplates.Format(config.ChatTemplate, "Describe it", "<image>", 2));
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
            {"image_token":"<image>","num_image_tokens":729,"vision_feature_select_strategy":"full"}
            """);
        File.Copy(Golden("llava-interleave-qwen-0.5b-hf.jinja"), temp.Combine("chat_template.jinja"));
        File.WriteAllText(temp.Combine("generation_config.json"), """{"bos_token_id":151643,"eos_token_id":151645,"pad_token_id":151643}""");

        var config = VlmConfig.Load(temp.Path);

        Assert.Equal(729, config.ImageTokenCount);
        // The interleave model's own template: newline after the role, image, newline, text (not onevision's layout).
        Assert.Equal("<|im_start|>user\n<image><image>\nDescribe<|im_end|>\n<|im_start|>assistant\n", ChatTemplates.Format(config.ChatTemplate, "Describe", "<image>", 2));
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
        File.Copy(Golden("llava-1.5-7b-hf.jinja"), temp.Combine("chat_template.jinja"));

        Assert.Equal(tokens, VlmConfig.Load(temp.Path).ImageTokenCount);
    }

    [Theory]
    [InlineData("chat_template.jinja")]
    [InlineData("chat_template.json")]
    [InlineData("processor_config.json")]
    [InlineData("tokenizer_config.json")]
    public void Load_ChatTemplate_ComesFromTheFirstFileThatHasOne(string winner)
    {
        // Each file holds a template that renders its own name; the files before the winner are absent.
        using var temp = MinimalModel();
        var order = ChatTemplates.Sources.ToList();
        foreach (var name in order.Skip(order.IndexOf(winner)))
        {
            var template = "{{ '" + name + "' }}";
            File.WriteAllText(temp.Combine(name), name switch
            {
                "chat_template.jinja" => template,
                "tokenizer_config.json" => JsonSerializer.Serialize(new { chat_template = new object[] { new { name = "tool_use", template = "x" }, new { name = "default", template } } }),
                _ => JsonSerializer.Serialize(new { chat_template = template }),
            });
        }

        Assert.Equal(winner, VlmConfig.Load(temp.Path).ChatTemplate.Render(new Dictionary<string, object?>()));
    }

    [Fact]
    public void Load_NoChatTemplateAnywhere_IsRefusedInsteadOfGuessed()
    {
        using var temp = MinimalModel();
        var error = Assert.Throws<ModelFormatException>(() => VlmConfig.Load(temp.Path));
        Assert.Contains("has no chat template", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TemplateWithAnUnsupportedConstruct_NamesTheFileAndTheConstruct()
    {
        using var temp = MinimalModel();
        File.WriteAllText(temp.Combine("chat_template.jinja"), "{% macro turn(m) %}{{ m }}{% endmacro %}");
        var error = Assert.Throws<ModelFormatException>(() => VlmConfig.Load(temp.Path));
        Assert.Contains("chat_template.jinja", error.Message, StringComparison.Ordinal);
        Assert.Contains("'macro' statement is not supported", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_TemplateThatDropsTheImage_IsRefused()
    {
        var template = DataForge.Captioner.Templates.ChatTemplate.Parse("{% for m in messages %}{{ m['content'][-1]['text'] }}{% endfor %}");
        var error = Assert.Throws<ModelFormatException>(() => ChatTemplates.Format(template, "Describe", "<image>", 4));
        Assert.Contains("placed 0 '<image>' placeholders for one image", error.Message, StringComparison.Ordinal);
    }

    private static string Golden(string name) => RepoPaths.Combine("tests", "Captioner.Tests", "Templates", "Golden", name);

    private static TempDirectory MinimalModel()
    {
        var temp = new TempDirectory();
        File.WriteAllText(temp.Combine("config.json"), """{"model_type":"llava","image_token_index":32000,"eos_token_id":2}""");
        File.WriteAllText(temp.Combine("preprocessor_config.json"), """{"image_processor_type":"SiglipImageProcessor","size":{"height":384,"width":384}}""");
        return temp;
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
