using System.Text;
using System.Text.Json;
using DataForge.Captioner.Templates;

namespace DataForge.Captioner.Models;

/// <summary>
/// Finds a model folder's own chat template and formats a captioning turn with it, the way a transformers
/// processor does: <c>apply_chat_template</c> on one user message holding <c>{"type": "image"}</c> and
/// <c>{"type": "text"}</c> with the generation prompt, then every image placeholder expanded to the number of
/// feature rows the encoder returns (LlavaProcessor's <c>replace(image_token, image_token * n)</c>).
/// </summary>
public static class ChatTemplates
{
    /// <summary>The files a template is read from, in the order transformers' processors prefer them.</summary>
    public static readonly IReadOnlyList<string> Sources = ["chat_template.jinja", "chat_template.json", "processor_config.json", "tokenizer_config.json"];

    /// <summary>Loads and parses the chat template of a model folder.</summary>
    /// <param name="directory">The model folder.</param>
    /// <returns>The template.</returns>
    /// <exception cref="ModelFormatException">No file holds a template, or it uses a construct outside the supported subset.</exception>
    public static ChatTemplate Load(string directory)
    {
        foreach (var name in Sources)
        {
            var path = Path.Combine(directory, name);
            var source = name.EndsWith(".jinja", StringComparison.Ordinal)
                ? File.Exists(path) ? File.ReadAllText(path) : null
                : FromJson(JsonConfig.Load(path));
            if (source is null)
            {
                continue;
            }

            try
            {
                return ChatTemplate.Parse(source);
            }
            catch (ChatTemplateException ex)
            {
                throw new ModelFormatException($"{path}: {ex.Message}", ex);
            }
        }

        throw new ModelFormatException($"{directory} has no chat template (looked for {string.Join(", ", Sources)}); the prompt format is the model's own, so DataForge does not guess one");
    }

    /// <summary>Formats one user turn holding an image and a prompt, ending where the assistant's answer begins.</summary>
    /// <param name="template">The model's template.</param>
    /// <param name="prompt">The user prompt.</param>
    /// <param name="imageToken">The image placeholder token text, e.g. <c>&lt;image&gt;</c>.</param>
    /// <param name="imageTokenCount">How many placeholders the encoder's feature rows fill; 0 for a turn without an image.</param>
    /// <returns>The text to tokenize.</returns>
    /// <exception cref="ModelFormatException">The template does not place exactly one image placeholder for the image.</exception>
    public static string Format(ChatTemplate template, string prompt, string imageToken, int imageTokenCount)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentException.ThrowIfNullOrEmpty(imageToken);
        var content = new List<object?>();
        if (imageTokenCount > 0)
        {
            content.Add(new Dictionary<string, object?> { ["type"] = "image" });
        }

        content.Add(new Dictionary<string, object?> { ["type"] = "text", ["text"] = prompt });
        string text;
        try
        {
            text = template.Render(new Dictionary<string, object?>
            {
                ["messages"] = new List<object?> { new Dictionary<string, object?> { ["role"] = "user", ["content"] = content } },
                ["add_generation_prompt"] = true,
            });
        }
        catch (ChatTemplateException ex)
        {
            throw new ModelFormatException($"rendering the model's chat template failed: {ex.Message}", ex);
        }

        var placed = Count(text, imageToken);
        if (placed != (imageTokenCount > 0 ? 1 : 0))
        {
            throw new ModelFormatException($"the model's chat template placed {placed} '{imageToken}' placeholders for {(imageTokenCount > 0 ? "one image" : "no image")}; the image features would not line up with the prompt");
        }

        return imageTokenCount > 0 ? text.Replace(imageToken, Repeat(imageToken, imageTokenCount), StringComparison.Ordinal) : text;
    }

    // chat_template.json / processor_config.json hold a string; tokenizer_config.json a string or a list of
    // {"name", "template"} of which transformers uses "default".
    private static string? FromJson(JsonElement? json) => json.Child("chat_template") switch
    {
        { ValueKind: JsonValueKind.String } s => s.GetString(),
        { ValueKind: JsonValueKind.Array } list => list.EnumerateArray()
            .Where(t => t.TryGetProperty("name", out var n) && n.GetString() == "default" && t.TryGetProperty("template", out _))
            .Select(t => t.GetProperty("template").GetString())
            .FirstOrDefault(),
        _ => null,
    };

    private static int Count(string text, string token)
    {
        var count = 0;
        for (var at = text.IndexOf(token, StringComparison.Ordinal); at >= 0; at = text.IndexOf(token, at + token.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static string Repeat(string token, int count)
    {
        var sb = new StringBuilder(token.Length * count);
        for (var i = 0; i < count; i++)
        {
            sb.Append(token);
        }

        return sb.ToString();
    }
}
