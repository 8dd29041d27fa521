namespace DataForge.Captioner.Models;

/// <summary>
/// The transformers image-processor classes the captioner reproduces, each with the defaults its <c>__init__</c>
/// gives a key that <c>preprocessor_config.json</c> leaves out.
/// </summary>
internal sealed record ImageProcessorKind(
    string Name,
    bool SquareSize,
    int DefaultSize,
    bool DefaultCenterCrop,
    bool HonoursPad,
    float[] DefaultMean,
    float[] DefaultStd)
{
    private static readonly float[] ImagenetStandard = [0.5f, 0.5f, 0.5f];

    // CLIPImageProcessor: shortest_edge 224, centre crop 224, OPENAI_CLIP mean/std; it has no do_pad at all, so a
    // stray do_pad key is ignored. LlavaImageProcessor: the same defaults plus do_pad (default false), which pads to
    // a square with tuple(int(x * 255) for x in image_mean). SiglipImageProcessor: a plain 224x224 resize with
    // IMAGENET_STANDARD mean/std (0.5).
    private static readonly ImageProcessorKind Clip = new("CLIPImageProcessor", false, 224, true, false, PreprocessorConfig.ClipMean, PreprocessorConfig.ClipStd);
    private static readonly ImageProcessorKind Llava = new("LlavaImageProcessor", false, 224, true, true, PreprocessorConfig.ClipMean, PreprocessorConfig.ClipStd);
    private static readonly ImageProcessorKind Siglip = new("SiglipImageProcessor", true, 224, false, false, ImagenetStandard, ImagenetStandard);

    // A config without image_processor_type (hand-written test and benchmark models): the keys are read as written,
    // padding only when do_pad is true.
    private static readonly ImageProcessorKind Unnamed = new("", false, 0, false, true, PreprocessorConfig.ClipMean, PreprocessorConfig.ClipStd);

    // Processors whose output is not one fixed-size view: feeding the encoder one resized image would caption
    // different pixels, with a different image-token count, than the model's own processor.
    private static readonly Dictionary<string, string> Refused = new(StringComparer.Ordinal)
    {
        ["LlavaOnevisionImageProcessor"] = "splits every image into an any-resolution grid of 384x384 views (image_grid_pinpoints) plus a base view, and the prompt's image-token count depends on the image size",
        ["LlavaNextImageProcessor"] = "splits every image into an any-resolution grid of views (image_grid_pinpoints) plus a base view, and the prompt's image-token count depends on the image size",
        ["Qwen2VLImageProcessor"] = "resizes to a dynamic resolution between min_pixels and max_pixels and merges 2x2 patches; Qwen2-VL is not a LLaVA-layout model",
    };

    /// <summary>Finds the processor class named by <c>image_processor_type</c> (a <c>Fast</c> twin reads the same way).</summary>
    /// <param name="type">The class name, or empty.</param>
    /// <param name="path">The config file, for the message.</param>
    /// <returns>The class.</returns>
    /// <exception cref="ModelFormatException">The class is one whose output the captioner cannot reproduce, or unknown.</exception>
    public static ImageProcessorKind Find(string type, string path)
    {
        var name = type.EndsWith("Fast", StringComparison.Ordinal) ? type[..^4] : type;
        if (Refused.TryGetValue(name, out var why))
        {
            throw new ModelFormatException($"{path}: {type} {why}; DataForge feeds the vision encoder one fixed-size view, so it cannot caption with this model the way transformers does");
        }

        return name switch
        {
            "" => Unnamed,
            "CLIPImageProcessor" or "CLIPFeatureExtractor" => Clip,
            "LlavaImageProcessor" => Llava,
            "SiglipImageProcessor" => Siglip,
            _ => throw new ModelFormatException($"{path}: image_processor_type {type} is not one DataForge reproduces (CLIPImageProcessor, LlavaImageProcessor, SiglipImageProcessor)"),
        };
    }
}
