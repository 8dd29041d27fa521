using System.Text.Json;

namespace DataForge.Captioner.Models;

/// <summary>
/// The image preprocessing of a model, read from <c>preprocessor_config.json</c>: CLIP-style (resize the shortest
/// edge, centre-crop, optionally pad to a square with the mean colour first, as LLaVA-1.5 trains) or SigLIP-style
/// (resize straight to <c>{height,width}</c>), then rescale by 1/255 and normalise with the mean and std. Keys the
/// file leaves out take the defaults of the transformers class it names (<c>image_processor_type</c>); a class whose
/// output is not one fixed-size view (any-resolution grids, Qwen2-VL) is refused at load.
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

    /// <summary>
    /// llava-hf/llava-1.5-7b-hf's preprocessing: CLIPImageProcessor at 336 (shortest edge, centre crop), bicubic,
    /// CLIP mean/std, no padding (CLIPImageProcessor has none; original LLaVA's pad needs LlavaImageProcessor's do_pad).
    /// </summary>
    /// <returns>The config.</returns>
    public static PreprocessorConfig Clip336() => new()
    {
        ProcessorType = "CLIPImageProcessor", ShortestEdge = 336, CenterCrop = true, CropWidth = 336, CropHeight = 336,
    };

    /// <summary>LlavaImageProcessor at 336 with <c>do_pad</c>: original LLaVA-1.5's pad to a square with the mean colour first.</summary>
    /// <returns>The config.</returns>
    public static PreprocessorConfig LlavaPadded336() => new()
    {
        ProcessorType = "LlavaImageProcessor", ShortestEdge = 336, CenterCrop = true, CropWidth = 336, CropHeight = 336,
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
        // transformers reads a key the file leaves out from the class's __init__ defaults, so the class comes first.
        var type = json.String("image_processor_type") ?? "";
        var kind = ImageProcessorKind.Find(type, path);
        if (json.Bool("do_resize") == false)
        {
            throw new ModelFormatException($"{path}: do_resize is false, so the encoder would get a tensor of each image's own size; DataForge needs a fixed input size");
        }

        var (shortest, width, height) = Size(json.Child("size"), kind, path);
        var centerCrop = kind.DefaultSize > 0 && !kind.SquareSize
            ? json.Bool("do_center_crop") ?? kind.DefaultCenterCrop
            : kind.Name.Length == 0 && (json.Bool("do_center_crop") ?? false);
        var (cropW, cropH) = (width, height);
        if (centerCrop)
        {
            (cropW, cropH) = CropSize(json.Child("crop_size"), kind, path);
            var (smallW, smallH) = shortest is { } s ? (s, s) : (width, height);
            if (cropW > smallW || cropH > smallH)
            {
                throw new ModelFormatException($"{path}: crop_size {cropW}x{cropH} is larger than the resized image ({smallW} short side), which transformers fills with black; refusing rather than guessing");
            }
        }
        else if (shortest is not null)
        {
            throw new ModelFormatException($"{path}: a shortest_edge resize without do_center_crop gives a tensor whose size depends on the image; DataForge needs a fixed input size");
        }

        var pad = kind.HonoursPad && (json.Bool("do_pad") ?? false);
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
            Mean = doNormalize ? json.Floats("image_mean") ?? kind.DefaultMean : [0f, 0f, 0f],
            Std = doNormalize ? json.Floats("image_std") ?? kind.DefaultStd : [1f, 1f, 1f],
        };
    }

    // get_size_dict: an int is a shortest edge for CLIP-style processors (default_to_square=False) and a square for
    // SigLIP; a dict with shortest_edge resizes the short side, one with height and width resizes exactly.
    private static (int? Shortest, int Width, int Height) Size(JsonElement? size, ImageProcessorKind kind, string path)
    {
        switch (size)
        {
            case null when kind.DefaultSize > 0:
                return kind.SquareSize ? (null, kind.DefaultSize, kind.DefaultSize) : (kind.DefaultSize, 0, 0);
            case { ValueKind: JsonValueKind.Number } n:
                return kind.SquareSize ? (null, n.GetInt32(), n.GetInt32()) : (n.GetInt32(), 0, 0);
            case { ValueKind: JsonValueKind.Object } o:
                JsonElement? s = o;
                if (s.Long("shortest_edge") is { } edge && s.Child("longest_edge") is null)
                {
                    return ((int)edge, 0, 0);
                }

                if (s.Long("height") is { } h and > 0 && s.Long("width") is { } w and > 0)
                {
                    return (null, (int)w, (int)h);
                }

                break;
        }

        throw new ModelFormatException($"{path}: 'size' needs shortest_edge or height and width");
    }

    private static (int Width, int Height) CropSize(JsonElement? crop, ImageProcessorKind kind, string path)
    {
        switch (crop)
        {
            case null when kind.DefaultSize > 0:
                return (kind.DefaultSize, kind.DefaultSize);
            case { ValueKind: JsonValueKind.Number } n:
                return (n.GetInt32(), n.GetInt32());
            case { ValueKind: JsonValueKind.Object } o:
                JsonElement? c = o;
                if (c.Long("height") is { } h and > 0 && c.Long("width") is { } w and > 0)
                {
                    return ((int)w, (int)h);
                }

                break;
        }

        throw new ModelFormatException($"{path}: do_center_crop needs crop_size with height and width");
    }
}
