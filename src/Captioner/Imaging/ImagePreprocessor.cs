using DataForge.Captioner.Models;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using SixLabors.ImageSharp.Processing.Processors.Transforms;

namespace DataForge.Captioner.Imaging;

/// <summary>
/// Turns encoded image bytes into the normalised CHW float tensor a vision encoder takes, following a
/// <see cref="PreprocessorConfig"/>. Thread-safe: it holds only the config, so the prefetch workers share one.
/// </summary>
public sealed class ImagePreprocessor
{
    private readonly PreprocessorConfig _config;
    private readonly IResampler _resampler;
    private readonly Color _padColor;

    /// <summary>Creates the preprocessor.</summary>
    /// <param name="config">The model's preprocessing.</param>
    public ImagePreprocessor(PreprocessorConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        _config = config;
        _resampler = config.Resample switch
        {
            0 => KnownResamplers.NearestNeighbor,
            1 => KnownResamplers.Lanczos3,
            2 => KnownResamplers.Triangle,
            _ => KnownResamplers.Bicubic,
        };
        // LLaVA pads with the mean colour, i.e. the colour that normalises to zero.
        _padColor = Color.FromRgb(ToByte(config.Mean[0]), ToByte(config.Mean[1]), ToByte(config.Mean[2]));
    }

    /// <summary>Gets the output width.</summary>
    public int Width => _config.OutputWidth;

    /// <summary>Gets the output height.</summary>
    public int Height => _config.OutputHeight;

    /// <summary>Gets the number of floats one image yields (3·H·W).</summary>
    public int TensorLength => 3 * Width * Height;

    /// <summary>Decodes and preprocesses one image.</summary>
    /// <param name="encoded">JPEG, PNG, WebP, … bytes.</param>
    /// <returns>The CHW tensor, <see cref="TensorLength"/> floats.</returns>
    /// <exception cref="UnknownImageFormatException">The bytes are not a known image format.</exception>
    /// <exception cref="InvalidImageContentException">The image data is corrupt.</exception>
    public float[] Preprocess(ReadOnlySpan<byte> encoded)
    {
        using var image = Image.Load<Rgb24>(encoded);
        image.Mutate(ctx =>
        {
            ctx.AutoOrient();
            var size = ctx.GetCurrentSize();
            if (_config.PadToSquare && size.Width != size.Height)
            {
                var side = Math.Max(size.Width, size.Height);
                ctx.Pad(side, side, _padColor);
                size = new Size(side, side);
            }

            var target = ResizeTarget(size);
            if (target != size)
            {
                ctx.Resize(new ResizeOptions { Size = target, Mode = ResizeMode.Stretch, Sampler = _resampler });
            }

            if (_config.CenterCrop && (target.Width != _config.CropWidth || target.Height != _config.CropHeight))
            {
                var x = Math.Max(0, (target.Width - _config.CropWidth) / 2);
                var y = Math.Max(0, (target.Height - _config.CropHeight) / 2);
                ctx.Crop(new Rectangle(x, y, Math.Min(_config.CropWidth, target.Width), Math.Min(_config.CropHeight, target.Height)));
            }
        });

        if (image.Width != Width || image.Height != Height)
        {
            // A crop larger than the resized image (odd configs): stretch to the exact tensor size.
            image.Mutate(ctx => ctx.Resize(new ResizeOptions { Size = new Size(Width, Height), Mode = ResizeMode.Stretch, Sampler = _resampler }));
        }

        return ToTensor(image);
    }

    private Size ResizeTarget(Size size)
    {
        if (_config.ShortestEdge is not { } edge)
        {
            return new Size(_config.ResizeWidth, _config.ResizeHeight);
        }

        // HF get_resize_output_image_size: the short side becomes `edge`, the long side keeps the aspect ratio.
        if (size.Width <= size.Height)
        {
            return new Size(edge, (int)((long)edge * size.Height / size.Width));
        }

        return new Size((int)((long)edge * size.Width / size.Height), edge);
    }

    private float[] ToTensor(Image<Rgb24> image)
    {
        var plane = Width * Height;
        var tensor = new float[3 * plane];
        var scale = _config.RescaleFactor;
        var mean = _config.Mean;
        var invStd = new[] { 1f / _config.Std[0], 1f / _config.Std[1], 1f / _config.Std[2] };
        image.ProcessPixelRows(accessor =>
        {
            for (var y = 0; y < accessor.Height; y++)
            {
                var row = accessor.GetRowSpan(y);
                var offset = y * Width;
                for (var x = 0; x < row.Length; x++)
                {
                    var p = row[x];
                    tensor[offset + x] = ((p.R * scale) - mean[0]) * invStd[0];
                    tensor[plane + offset + x] = ((p.G * scale) - mean[1]) * invStd[1];
                    tensor[(2 * plane) + offset + x] = ((p.B * scale) - mean[2]) * invStd[2];
                }
            }
        });
        return tensor;
    }

    private static byte ToByte(float unit) => (byte)Math.Clamp((int)MathF.Round(unit * 255f), 0, 255);
}
