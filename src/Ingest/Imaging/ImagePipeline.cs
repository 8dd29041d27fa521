using System.Security.Cryptography;
using DataForge.Core.Shards;
using DataForge.Ingest.Inputs;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using SixLabors.ImageSharp.Processing.Processors.Transforms;

namespace DataForge.Ingest.Imaging;

/// <summary>
/// The per-image kernel: hash the original bytes, read the header (refusing decompression bombs before any pixel
/// is allocated), decode, turn upright from EXIF, flatten alpha onto white, filter, resize, encode, and pHash.
/// Every failure becomes a row outcome; nothing here throws for a bad image.
/// </summary>
internal sealed class ImagePipeline
{
    private readonly ImageOptions _options;
    private readonly Configuration _configuration;
    private readonly IImageEncoder _encoder;
    private readonly IImageFormat _outputFormat;

    public ImagePipeline(ImageOptions options)
    {
        _options = options;
        // Parallelism comes from processing many rows at once; one image uses one core.
        _configuration = Configuration.Default.Clone();
        _configuration.MaxDegreeOfParallelism = 1;
        (_encoder, _outputFormat) = options.EncodeFormat switch
        {
            ImageEncodeFormat.Jpg => ((IImageEncoder)new JpegEncoder { Quality = options.EncodeQuality, ColorType = JpegColorType.YCbCrRatio420 }, (IImageFormat)JpegFormat.Instance),
            ImageEncodeFormat.Png => (new PngEncoder { CompressionLevel = PngLevel(options.EncodeQuality) }, PngFormat.Instance),
            ImageEncodeFormat.Webp => (new WebpEncoder { Quality = options.EncodeQuality, FileFormat = WebpFileFormatType.Lossy }, WebpFormat.Instance),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.EncodeFormat, "unknown encode format"),
        };
    }

    public Configuration Configuration => _configuration;

    public RowOutcome Process(byte[] original, string? expectedHash, HashAlgorithmKind hashKind)
    {
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(original));
        if (expectedHash is not null && !HashMatches(original, sha256, expectedHash, hashKind))
        {
            return new RowOutcome { Status = RowStatus.FailedToDownload, ErrorMessage = "hash mismatch", Sha256 = sha256 };
        }

        IImageInfo? info;
        IImageFormat? format;
        try
        {
            info = Image.Identify(_configuration, original, out format);
        }
        catch (Exception ex) when (IsImageError(ex))
        {
            return Failed($"Image decoding error: {ex.Message}", sha256);
        }

        if (info is null || format is null)
        {
            return Failed("Image decoding error: unknown image format", sha256);
        }

        var pixels = (long)info.Width * info.Height;
        if (pixels > _options.MaxDecodedPixels)
        {
            return Failed($"decompression bomb refused: header says {info.Width}x{info.Height} = {pixels} pixels, above the limit of {_options.MaxDecodedPixels}", sha256);
        }

        try
        {
            return Transform(original, info, format, sha256);
        }
        catch (Exception ex) when (IsImageError(ex))
        {
            return Failed($"Image decoding error: {ex.Message}", sha256);
        }
    }

    private RowOutcome Transform(byte[] original, IImageInfo info, IImageFormat format, string sha256)
    {
        var exif = info.Metadata.ExifProfile;
        int? orientation = exif?.GetValue(ExifTag.Orientation)?.Value is { } o ? o : null;
        var rotates = _options.ApplyExifOrientation && orientation is >= 2 and <= 8;
        var hasAlpha = format != JpegFormat.Instance && info.PixelType?.AlphaRepresentation != PixelAlphaRepresentation.None;
        using var image = hasAlpha ? DecodeOnWhite(original) : Image.Load<Rgb24>(_configuration, original);
        var exifJson = _options.ExtractExif ? ExifJson.Serialize(exif) : null;
        if (rotates)
        {
            image.Mutate(_configuration, x => x.AutoOrient());
        }

        int width = image.Width, height = image.Height;
        if (Filter(width, height) is { } reason)
        {
            return new RowOutcome
            {
                Status = RowStatus.Filtered,
                ErrorMessage = reason,
                OriginalWidth = width,
                OriginalHeight = height,
                Sha256 = sha256,
                Exif = exifJson,
                Orientation = orientation,
            };
        }

        var plan = ResizePlan.For(width, height, _options.ResizeMode, _options.ImageSize, _options.ResizeOnlyIfBigger);
        if (plan.Scales(width, height))
        {
            var sampler = Sampler(plan.ScaledWidth < width || plan.ScaledHeight < height ? _options.DownscaleInterpolation : _options.UpscaleInterpolation);
            image.Mutate(_configuration, x => x.Resize(plan.ScaledWidth, plan.ScaledHeight, sampler));
        }

        // The hash sees the picture's content, before the border or crop, so the same photo hashes alike in every mode.
        var phash = PerceptualHash.Compute(image, _configuration);
        var colors = ColorSignature.Compute(image);
        if (plan.FinalWidth != image.Width || plan.FinalHeight != image.Height)
        {
            if (plan.FinalWidth <= image.Width && plan.FinalHeight <= image.Height)
            {
                var x0 = (image.Width - plan.FinalWidth) / 2;
                var y0 = (image.Height - plan.FinalHeight) / 2;
                image.Mutate(_configuration, x => x.Crop(new Rectangle(x0, y0, plan.FinalWidth, plan.FinalHeight)));
            }
            else
            {
                image.Mutate(_configuration, x => x.Pad(plan.FinalWidth, plan.FinalHeight, Color.White));
            }
        }

        var keepOriginal = _options.SkipReencode && !rotates && !hasAlpha && !plan.Changes(width, height) && format == _outputFormat;
        return new RowOutcome
        {
            Status = RowStatus.Success,
            Width = image.Width,
            Height = image.Height,
            OriginalWidth = width,
            OriginalHeight = height,
            Exif = exifJson,
            Sha256 = sha256,
            Image = keepOriginal ? original : Encode(image),
            PerceptualHash = phash,
            ColorSignature = colors,
            Orientation = orientation,
        };
    }

    private Image<Rgb24> DecodeOnWhite(byte[] original)
    {
        using var rgba = Image.Load<Rgba32>(_configuration, original);
        var flat = new Image<Rgb24>(_configuration, rgba.Width, rgba.Height);
        flat.Metadata.ExifProfile = rgba.Metadata.ExifProfile;
        rgba.ProcessPixelRows(flat, static (source, target) =>
        {
            for (var y = 0; y < source.Height; y++)
            {
                var from = source.GetRowSpan(y);
                var to = target.GetRowSpan(y);
                for (var x = 0; x < from.Length; x++)
                {
                    var p = from[x];
                    var a = p.A;
                    var white = 255 * (255 - a);
                    to[x] = new Rgb24((byte)(((p.R * a) + white + 127) / 255), (byte)(((p.G * a) + white + 127) / 255), (byte)(((p.B * a) + white + 127) / 255));
                }
            }
        });
        return flat;
    }

    private byte[] Encode(Image<Rgb24> image)
    {
        // Orientation is already applied; leaving EXIF in would make viewers rotate the pixels a second time.
        image.Metadata.ExifProfile = null;
        image.Metadata.XmpProfile = null;
        image.Metadata.IptcProfile = null;
        using var buffer = new MemoryStream();
        image.Save(buffer, _encoder);
        return buffer.ToArray();
    }

    private string? Filter(int width, int height)
    {
        if (Math.Min(width, height) < _options.MinImageSize)
        {
            return "image too small";
        }

        if (_options.MaxImageArea is { } area && (long)width * height > area)
        {
            return "image area too large";
        }

        if (_options.MaxAspectRatio is { } ratio && (double)Math.Max(width, height) / Math.Min(width, height) > ratio)
        {
            return "aspect ratio too large";
        }

        return null;
    }

    private static bool HashMatches(byte[] original, string sha256, string expected, HashAlgorithmKind kind)
    {
        var actual = kind switch
        {
            HashAlgorithmKind.Sha256 => sha256,
            HashAlgorithmKind.Md5 => Convert.ToHexStringLower(MD5.HashData(original)),
            HashAlgorithmKind.Sha512 => Convert.ToHexStringLower(SHA512.HashData(original)),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown hash"),
        };
        return string.Equals(actual, expected.Trim(), StringComparison.OrdinalIgnoreCase);
    }

    private static RowOutcome Failed(string message, string sha256) =>
        new() { Status = RowStatus.FailedToResize, ErrorMessage = message, Sha256 = sha256 };

    private static bool IsImageError(Exception ex) =>
        ex is ImageFormatException or UnknownImageFormatException or InvalidImageContentException or NotSupportedException
            or InvalidDataException or ArgumentException or IndexOutOfRangeException or InvalidOperationException or OutOfMemoryException
            or EndOfStreamException;

    private static PngCompressionLevel PngLevel(int quality) =>
        quality <= 9 ? (PngCompressionLevel)quality : PngCompressionLevel.DefaultCompression;

    internal static IResampler Sampler(ResizeInterpolation interpolation) => interpolation switch
    {
        ResizeInterpolation.Nearest => KnownResamplers.NearestNeighbor,
        ResizeInterpolation.Linear => KnownResamplers.Triangle,
        ResizeInterpolation.Cubic => KnownResamplers.Bicubic,
        ResizeInterpolation.Area => KnownResamplers.Box,
        ResizeInterpolation.Lanczos => KnownResamplers.Lanczos3,
        _ => throw new ArgumentOutOfRangeException(nameof(interpolation), interpolation, "unknown interpolation"),
    };
}
