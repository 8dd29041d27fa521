using System.Text.Json;

namespace DataForge.Captioner.Models;

/// <summary>
/// The image preprocessing of a model, read from <c>preprocessor_config.json</c>: CLIP-style (resize the shortest
/// edge, centre-crop, optionally pad to a square with the mean colour first, as LLaVA-1.5 trains) or SigLIP-style
/// (resize straight to <c>{height,width}</c>), then rescale by 1/255 and normalise with the mean and std.
/// </summary>
public sealed class PreprocessorConfig
{
    /// <summary>CLIP's per-channel mean.</summary>
    public static readonly float[] ClipMean = [0.48145466f, 0.4578275f, 0.40821073f];

    /// <summary>CLIP's per-channel standard deviation.</summary>
    public static readonly float[] ClipStd = [0.26862954f, 0.26130258f, 0.27577711f];

    /// <summary>Gets or sets the image processor class named in the file.</summary>
    public string ProcessorType { get; init; } = "";

    /// <summary>Gets or sets the shortest-edge target, or <see langword="null"/> for an exact resize.</summary>
    public int? ShortestEdge { get; init; }

    /// <summary>Gets or sets the exact resize width when <see cref="ShortestEdge"/> is null.</summary>
    public int ResizeWidth { get; init; }

    /// <summary>Gets or sets the exact resize height when <see cref="ShortestEdge"/> is null.</summary>
    public int ResizeHeight { get; init; }

    /// <summary>Gets or sets whether to centre-crop to <see cref="CropWidth"/>×<see cref="CropHeight"/>.</summary>
    public bool CenterCrop { get; init; }

    /// <summary>Gets or sets the crop width.</summary>
    public int CropWidth { get; init; }

    /// <summary>Gets or sets the crop height.</summary>
    public int CropHeight { get; init; }

    /// <summary>Gets or sets whether to pad to a square with the mean colour before resizing.</summary>
    public bool PadToSquare { get; init; }

    /// <summary>Gets or sets the PIL resample filter code (0 nearest, 1 lanczos, 2 bilinear, 3 bicubic, 4 box, 5 hamming).</summary>
    public int Resample { get; init; } = 3;

    /// <summary>Gets or sets the rescale factor applied to 0–255 values.</summary>
    public float RescaleFactor { get; init; } = 1f / 255f;

    /// <summary>Gets or sets the per-channel mean.</summary>
    public float[] Mean { get; init; } = ClipMean;

    /// <summary>Gets or sets the per-channel standard deviation.</summary>
    public float[] Std { get; init; } = ClipStd;

    /// <summary>Gets the width of the tensor the encoder receives.</summary>
    public int OutputWidth => CenterCrop ? CropWidth : ShortestEdge ?? ResizeWidth;

    /// <summary>Gets the height of the tensor the encoder receives.</summary>
    public int OutputHeight => CenterCrop ? CropHeight : ShortestEdge ?? ResizeHeight;

    /// <summary>LLaVA-1.5's preprocessing: CLIP ViT-L/14 at 336, padded to square, bicubic, CLIP mean/std.</summary>
    /// <returns>The config.</returns>
    public static PreprocessorConfig Clip336() => new()
    {
        ProcessorType = "CLIPImageProcessor", ShortestEdge = 336, CenterCrop = true, CropWidth = 336, CropHeight = 336,
        PadToSquare = true,
    };

    /// <summary>The SigLIP so400m preprocessing of the Qwen2 LLaVA variants: 384×384, bicubic, mean/std 0.5.</summary>
    /// <returns>The config.</returns>
    public static PreprocessorConfig Siglip384() => new()
    {
        ProcessorType = "SiglipImageProcessor", ResizeWidth = 384, ResizeHeight = 384, Mean = [0.5f, 0.5f, 0.5f], Std = [0.5f, 0.5f, 0.5f],
    };

    /// <summary>Reads <c>preprocessor_config.json</c>.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The config.</returns>
    /// <exception cref="ModelFormatException">The file is missing or lacks a size.</exception>
    public static PreprocessorConfig Load(string path)
    {
        var json = JsonConfig.Load(path) ?? throw new ModelFormatException($"{path} not found; the model folder needs its preprocessor_config.json");
        return Parse(json, path);
    }

    internal static PreprocessorConfig Parse(JsonElement? json, string path)
    {
        var type = json.String("image_processor_type") ?? "";
        int? shortest = null;
        int width = 0, height = 0;
        switch (json.Child("size"))
        {
            case { ValueKind: JsonValueKind.Number } n:
                shortest = n.GetInt32();
                break;
            case { ValueKind: JsonValueKind.Object } size:
                JsonElement? s = size;
                shortest = (int?)s.Long("shortest_edge");
                width = (int)(s.Long("width") ?? 0);
                height = (int)(s.Long("height") ?? 0);
                break;
        }

        if (shortest is null && (width <= 0 || height <= 0))
        {
            throw new ModelFormatException($"{path}: 'size' needs shortest_edge or height and width");
        }

        var cropW = width;
        var cropH = height;
        switch (json.Child("crop_size"))
        {
            case { ValueKind: JsonValueKind.Number } n:
                cropW = cropH = n.GetInt32();
                break;
            case { ValueKind: JsonValueKind.Object } crop:
                JsonElement? c = crop;
                cropW = (int)(c.Long("width") ?? cropW);
                cropH = (int)(c.Long("height") ?? cropH);
                break;
        }

        var centerCrop = (json.Bool("do_center_crop") ?? false) && cropW > 0 && cropH > 0;
        if (shortest is not null && !centerCrop)
        {
            cropW = cropH = shortest.Value;
        }

        // LLaVA-1.5 was trained on images padded to square with the mean colour ("image_aspect_ratio": "pad");
        // its CLIP processor config predates do_pad, so a CLIP/LLaVA processor without the flag pads.
        var pad = json.Bool("do_pad") ?? (type.Contains("CLIP", StringComparison.OrdinalIgnoreCase) || type.Contains("Llava", StringComparison.OrdinalIgnoreCase));
        var resample = json.Long("resample") ?? 3;
        if (resample is < 0 or > 5)
        {
            throw new ModelFormatException($"{path}: resample {resample} is not a PIL filter (0 nearest, 1 lanczos, 2 bilinear, 3 bicubic, 4 box, 5 hamming)");
        }

        var doNormalize = json.Bool("do_normalize") ?? true;
        var doRescale = json.Bool("do_rescale") ?? true;
        return new PreprocessorConfig
        {
            ProcessorType = type,
            ShortestEdge = shortest,
            ResizeWidth = width,
            ResizeHeight = height,
            CenterCrop = centerCrop,
            CropWidth = cropW,
            CropHeight = cropH,
            PadToSquare = pad,
            Resample = (int)resample,
            RescaleFactor = doRescale ? (float)(json.Double("rescale_factor") ?? 1.0 / 255.0) : 1f,
            Mean = doNormalize ? json.Floats("image_mean") ?? ClipMean : [0f, 0f, 0f],
            Std = doNormalize ? json.Floats("image_std") ?? ClipStd : [1f, 1f, 1f],
        };
    }
}
