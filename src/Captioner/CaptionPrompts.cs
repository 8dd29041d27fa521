namespace DataForge.Captioner;

/// <summary>
/// Prompt templates. <c>{caption}</c> (or the PixArt code's <c>{}</c>) is replaced by the row's original caption,
/// so the model can be conditioned on the alt-text.
/// </summary>
public static class CaptionPrompts
{
    /// <summary>The prompt of the PixArt-α paper.</summary>
    public const string PixArtPaper = "Describe this image and its style in a very detailed manner";

    /// <summary>The PixArt-α code's variant that includes the original caption.</summary>
    public const string PixArtWithCaption = "Given the caption of this image \"{caption}\", describe this image in a very detailed manner";

    /// <summary>Fills a template with a row's original caption.</summary>
    /// <param name="template">The template.</param>
    /// <param name="caption">The row's caption, or <see langword="null"/>.</param>
    /// <returns>The prompt.</returns>
    public static string Fill(string template, string? caption)
    {
        ArgumentNullException.ThrowIfNull(template);
        var text = caption?.Trim() ?? "";
        return template.Replace("{caption}", text, StringComparison.Ordinal).Replace("{}", text, StringComparison.Ordinal);
    }
}
