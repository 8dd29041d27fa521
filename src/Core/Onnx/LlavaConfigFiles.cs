using System.Text.Json;
using System.Text.Json.Nodes;

namespace DataForge.Core.Onnx;

/// <summary>
/// Writes the JSON files beside a LLaVA-1.5-style model DataForge builds (the tiny test model and the trained
/// shape-world captioner): <c>config.json</c>, LLaVA-style <c>preprocessor_config.json</c>, <c>processor_config.json</c>
/// (one image token per patch, no CLS row), <c>generation_config.json</c>, a
/// word-level <c>tokenizer.json</c> with a leading <c>&lt;s&gt;</c>, and the LLaVA-1.5 <c>chat_template.json</c>.
/// Token ids follow one convention: 0 unk, 1 bos, 2 eos, 3 pad, 4 image.
/// </summary>
public static class LlavaConfigFiles
{
    /// <summary>The special tokens, in id order.</summary>
    public static readonly IReadOnlyList<string> Specials = ["<unk>", "<s>", "</s>", "<pad>", "<image>"];

    // llava-hf/llava-1.5-7b-hf's published template, so these models are prompted as LLaVA-1.5 is.
    private const string ChatTemplate = "{% for message in messages %}{% if message['role'] != 'system' %}{{ message['role'].upper() + ': '}}{% endif %}{# Render all images first #}{% for content in message['content'] | selectattr('type', 'equalto', 'image') %}{{ '<image>\n' }}{% endfor %}{# Render all text next #}{% if message['role'] != 'assistant' %}{% for content in message['content'] | selectattr('type', 'equalto', 'text') %}{{ content['text'] + ' '}}{% endfor %}{% else %}{% for content in message['content'] | selectattr('type', 'equalto', 'text') %}{% generation %}{{ content['text'] + ' '}}{% endgeneration %}{% endfor %}{% endif %}{% endfor %}{% if add_generation_prompt %}{{ 'ASSISTANT:' }}{% endif %}";

    /// <summary>Writes the files.</summary>
    /// <param name="directory">The model folder (must exist).</param>
    /// <param name="modelId">The id recorded as <c>_name_or_path</c>.</param>
    /// <param name="vocabulary">Tokens by id, starting with <see cref="Specials"/>.</param>
    /// <param name="imageSize">Square side of the preprocessed image.</param>
    /// <param name="patchSize">Side of the patch one image token stands for.</param>
    /// <param name="layers">Decoder layers.</param>
    /// <param name="maxPositions">Size of the position table.</param>
    /// <param name="mean">Per-channel normalisation mean.</param>
    /// <param name="std">Per-channel normalisation standard deviation.</param>
    public static void Write(string directory, string modelId, IReadOnlyList<string> vocabulary, int imageSize, int patchSize, int layers, int maxPositions, IReadOnlyList<float> mean, IReadOnlyList<float> std)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        if (vocabulary.Count < Specials.Count || !vocabulary.Take(Specials.Count).SequenceEqual(Specials))
        {
            throw new ArgumentException($"the vocabulary must start with {string.Join(" ", Specials)}", nameof(vocabulary));
        }

        var indented = new JsonSerializerOptions { WriteIndented = true };
        void Save(string name, JsonNode node) => File.WriteAllText(Path.Combine(directory, name), node.ToJsonString(indented));

        Save("config.json", new JsonObject
        {
            ["_name_or_path"] = modelId,
            ["model_type"] = "llava",
            ["image_token_index"] = 4,
            ["vision_feature_select_strategy"] = "full",
            ["eos_token_id"] = 2,
            ["pad_token_id"] = 3,
            ["text_config"] = new JsonObject { ["model_type"] = "llama", ["max_position_embeddings"] = maxPositions, ["num_hidden_layers"] = layers, ["vocab_size"] = vocabulary.Count },
            ["vision_config"] = new JsonObject { ["patch_size"] = patchSize, ["image_size"] = imageSize },
        });
        Save("preprocessor_config.json", new JsonObject
        {
            // LlavaImageProcessor, not CLIP: only it honours do_pad (original LLaVA-1.5's pad to square).
            ["image_processor_type"] = "LlavaImageProcessor",
            ["size"] = new JsonObject { ["shortest_edge"] = imageSize },
            ["crop_size"] = new JsonObject { ["height"] = imageSize, ["width"] = imageSize },
            ["do_center_crop"] = true,
            ["do_pad"] = true,
            ["resample"] = 3,
            ["rescale_factor"] = 1.0 / 255.0,
            ["image_mean"] = new JsonArray([.. mean.Select(v => JsonValue.Create(v))]),
            ["image_std"] = new JsonArray([.. std.Select(v => JsonValue.Create(v))]),
        });
        Save("processor_config.json", new JsonObject
        {
            ["image_token"] = "<image>",
            ["patch_size"] = patchSize,
            ["num_additional_image_tokens"] = 0,
            ["vision_feature_select_strategy"] = "full",
        });
        Save("generation_config.json", new JsonObject { ["bos_token_id"] = 1, ["eos_token_id"] = 2, ["pad_token_id"] = 3 });
        Save("chat_template.json", new JsonObject { ["chat_template"] = ChatTemplate });
        // Specials are matched inside text (so "<image>" is found); the post-processor adds BOS like Llama's.
        Save("tokenizer.json", WordLevelTokenizerJson.Build(vocabulary, Specials.Count, "<unk>", prefix: ["<s>"], suffix: []));
    }
}
