using DataForge.Captioner.Models;
using DataForge.Core.Imaging;

namespace DataForge.Captioner.Imaging;

/// <summary>
/// Turns encoded image bytes into the normalised CHW float tensor a vision encoder takes, following a
/// <see cref="PreprocessorConfig"/> the way the Hugging Face image processors do it on PIL images: LLaVA's pad to a
/// square with the mean colour, PIL's <c>Image.resize</c> (<see cref="PilResampler"/>, so the pixels are the ones
/// the model was trained on), centre crop, rescale and normalise. Decoding goes through
/// <see cref="UntrustedImageDecoder"/>, so a decompression bomb or a truncated file is a message, not an exception.
/// Thread-safe: it holds only the config, so the prefetch workers share one.
/// </summary>
public sealed class ImagePreprocessor
{
    private readonly PreprocessorConfig _config;
    private readonly ImageDecodeLimits _limits;
    private readonly PilResampleFilter _filter;
    private readonly byte[] _padColor;

    /// <summary>Creates the preprocessor.</summary>
    /// <param name="config">The model's preprocessing.</param>
    /// <param name="limits">What one image may cost to decode; <see cref="ImageDecodeLimits.Default"/> when null.</param>
    /// <exception cref="ArgumentException">The config's resample code is not a PIL filter.</exception>
    public ImagePreprocessor(PreprocessorConfig config, ImageDecodeLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        _config = config;
        _limits = limits ?? ImageDecodeLimits.Default;
        _filter = Enum.IsDefined((PilResampleFilter)config.Resample)
            ? (PilResampleFilter)config.Resample
            : throw new ArgumentException($"resample {config.Resample} is not a PIL filter (0-5)", nameof(config));

        // LLaVA's expand2square fills with tuple(int(x * 255) for x in image_mean): truncated, not rounded.
        _padColor = [.. config.Mean.Take(3).Select(m => (byte)Math.Clamp((int)(m * 255.0), 0, 255))];
    }

    /// <summary>Gets the output width.</summary>
    public int Width => _config.OutputWidth;

    /// <summary>Gets the output height.</summary>
    public int Height => _config.OutputHeight;

    /// <summary>Gets the number of floats one image yields (3·H·W).</summary>
    public int TensorLength => 3 * Width * Height;

    /// <summary>Decodes and preprocesses one image.</summary>
    /// <param name="encoded">JPEG, PNG, WebP, GIF, … bytes.</param>
    /// <param name="error">Why the image could not be used (the decoder's message), or <see langword="null"/>.</param>
    /// <returns>The CHW tensor, <see cref="TensorLength"/> floats; <see langword="null"/> when <paramref name="error"/> is set.</returns>
    public float[]? TryPreprocess(ReadOnlySpan<byte> encoded, out string? error)
    {
        RgbPixels image;
        using (var decoded = UntrustedImageDecoder.Decode(encoded, _limits))
        {
            if (decoded.Image is null)
            {
                error = decoded.Error ?? "image could not be decoded";
                return null;
            }

            image = decoded.Image.CopyRgb24();
        }

        // A sliver (1 x 100000 passes the decode budget) would pad or resize to billions of pixels: the same budget
        // bounds every intermediate image, and the row fails with the sizes instead of the shard with an overflow.
        var (paddedWidth, paddedHeight) = _config.PadToSquare ? (Math.Max(image.Width, image.Height), Math.Max(image.Width, image.Height)) : (image.Width, image.Height);
        var (targetWidth, targetHeight) = ResizeTarget(paddedWidth, paddedHeight);
        var (bigWidth, bigHeight) = (long)paddedWidth * paddedHeight >= targetWidth * targetHeight ? (paddedWidth, paddedHeight) : (targetWidth, targetHeight);
        if (bigWidth * bigHeight > _limits.MaxDecodedPixels)
        {
            error = $"preprocessing a {image.Width}x{image.Height} image needs a {bigWidth}x{bigHeight} intermediate, above the limit of {_limits.MaxDecodedPixels} pixels";
            return null;
        }

        error = null;
        if (_config.PadToSquare && image.Width != image.Height)
        {
            image = PadToSquare(image);
        }

        image = Resize(image, (int)targetWidth, (int)targetHeight);
        if (_config.CenterCrop && (image.Width != _config.CropWidth || image.Height != _config.CropHeight))
        {
            image = CenterCrop(image, Math.Min(_config.CropWidth, image.Width), Math.Min(_config.CropHeight, image.Height));
        }

        // PreprocessorConfig.Load refuses crops larger than the resize, so this only acts on hand-built configs.
        image = Resize(image, Width, Height);
        return ToTensor(image);
    }

    /// <summary>Decodes and preprocesses one image, throwing when it cannot be used.</summary>
    /// <param name="encoded">JPEG, PNG, WebP, GIF, … bytes.</param>
    /// <returns>The CHW tensor, <see cref="TensorLength"/> floats.</returns>
    /// <exception cref="InvalidDataException">The bytes are not a usable image; the message says why.</exception>
    public float[] Preprocess(ReadOnlySpan<byte> encoded) =>
        TryPreprocess(encoded, out var error) ?? throw new InvalidDataException(error);

    private RgbPixels Resize(RgbPixels image, int width, int height) =>
        image.Width == width && image.Height == height
            ? image
            : new RgbPixels(width, height, PilResampler.Resize(image.Data, image.Width, image.Height, 3, width, height, _filter));

    // LLaVA's expand2square: the image pasted centred (offset floored) on a square of the pad colour.
    private RgbPixels PadToSquare(RgbPixels image)
    {
        var side = Math.Max(image.Width, image.Height);
        var square = new byte[side * side * 3];
        for (var i = 0; i < square.Length; i += 3)
        {
            (square[i], square[i + 1], square[i + 2]) = (_padColor[0], _padColor[1], _padColor[2]);
        }

        var (left, top) = ((side - image.Width) / 2, (side - image.Height) / 2);
        for (var y = 0; y < image.Height; y++)
        {
            image.Data.AsSpan(y * image.Width * 3, image.Width * 3).CopyTo(square.AsSpan((((top + y) * side) + left) * 3));
        }

        return new RgbPixels(side, side, square);
    }

    // Hugging Face center_crop: top = (height - crop_height) // 2, left likewise.
    private static RgbPixels CenterCrop(RgbPixels image, int width, int height)
    {
        var (left, top) = ((image.Width - width) / 2, (image.Height - height) / 2);
        var cropped = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            image.Data.AsSpan((((top + y) * image.Width) + left) * 3, width * 3).CopyTo(cropped.AsSpan(y * width * 3));
        }

        return new RgbPixels(width, height, cropped);
    }

    private (long Width, long Height) ResizeTarget(int width, int height)
    {
        if (_config.ShortestEdge is not { } edge)
        {
            return (_config.ResizeWidth, _config.ResizeHeight);
        }

        // HF get_resize_output_image_size: the short side becomes `edge`, the long side keeps the aspect ratio.
        return width <= height
            ? (edge, (long)edge * height / width)
            : ((long)edge * width / height, edge);
    }

    private float[] ToTensor(RgbPixels image)
    {
        var plane = Width * Height;
        var tensor = new float[3 * plane];
        var scale = _config.RescaleFactor;
        var mean = _config.Mean;
        var invStd = new[] { 1f / _config.Std[0], 1f / _config.Std[1], 1f / _config.Std[2] };
        var data = image.Data;
        for (var i = 0; i < plane; i++)
        {
            tensor[i] = ((data[3 * i] * scale) - mean[0]) * invStd[0];
            tensor[plane + i] = ((data[(3 * i) + 1] * scale) - mean[1]) * invStd[1];
            tensor[(2 * plane) + i] = ((data[(3 * i) + 2] * scale) - mean[2]) * invStd[2];
        }

        return tensor;
    }
}
