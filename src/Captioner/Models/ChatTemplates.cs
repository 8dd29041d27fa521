using System.Text;

namespace DataForge.Captioner.Models;

/// <summary>Formats a captioning prompt in a model family's chat format, with the image placeholder expanded.</summary>
public static class ChatTemplates
{
    /// <summary>Formats one user turn holding an image and a prompt, ending where the assistant's answer begins.</summary>
    /// <param name="kind">The template family.</param>
    /// <param name="prompt">The user prompt.</param>
    /// <param name="imageToken">The image placeholder token text, e.g. <c>&lt;image&gt;</c>.</param>
    /// <param name="imageTokenCount">How many copies of the placeholder the encoder's feature rows fill.</param>
    /// <returns>The text to tokenize.</returns>
    public static string Format(ChatTemplateKind kind, string prompt, string imageToken, int imageTokenCount)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentException.ThrowIfNullOrEmpty(imageToken);
        var image = new StringBuilder(imageToken.Length * Math.Max(imageTokenCount, 0));
        for (var i = 0; i < imageTokenCount; i++)
        {
            image.Append(imageToken);
        }

        return kind switch
        {
            ChatTemplateKind.Llava15 => $"USER: {image}\n{prompt} ASSISTANT:",
            ChatTemplateKind.ChatMl => $"<|im_start|>user {image}\n{prompt}<|im_end|><|im_start|>assistant\n",
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown chat template"),
        };
    }

    /// <summary>Picks the family from a Jinja chat template's text (ChatML when it uses <c>&lt;|im_start|&gt;</c>).</summary>
    /// <param name="chatTemplate">The template text, or <see langword="null"/>.</param>
    /// <param name="textModelType">The text model's <c>model_type</c>, used when no template text exists.</param>
    /// <returns>The family.</returns>
    public static ChatTemplateKind Detect(string? chatTemplate, string? textModelType)
    {
        if (chatTemplate is not null)
        {
            return chatTemplate.Contains("<|im_start|>", StringComparison.Ordinal) ? ChatTemplateKind.ChatMl : ChatTemplateKind.Llava15;
        }

        return textModelType is not null && textModelType.StartsWith("qwen", StringComparison.OrdinalIgnoreCase)
            ? ChatTemplateKind.ChatMl
            : ChatTemplateKind.Llava15;
    }
}
