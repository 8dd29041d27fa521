using System.Security.Cryptography;
using DataForge.Core.Imaging;
using DataForge.Core.Shards;
using DataForge.Ingest.Inputs;
using SkiaSharp;

namespace DataForge.Ingest.Imaging;

/// <summary>
/// The per-image kernel: hash the original bytes, read the header through Core's <see cref="UntrustedImageDecoder"/>
/// (refusing decompression bombs before any pixel is allocated), filter on the displayed size, decode at the
/// smallest JPEG scale that still covers the resize target, upright and on white, resize, pHash, pad or crop,
/// encode. Every failure becomes a row outcome; nothing here throws for a bad image.
/// </summary>
internal sealed class ImagePipeline
{
    private readonly ImageOptions _options;
    private readonly ImageDecodeLimits _limits;
    private readonly SkiaEncoder _encoder;

    public ImagePipeline(ImageOptions options)
    {
        _options = options;
        _limits = new ImageDecodeLimits { MaxDecodedPixels = options.MaxDecodedPixels };
        _encoder = new SkiaEncoder(options.EncodeFormat, options.EncodeQuality);
    }

    public RowOutcome Process(byte[] original, string? expectedHash, HashAlgorithmKind hashKind)
    {
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(original));
        if (expectedHash is not null && !HashMatches(original, sha256, expectedHash, hashKind))
        {
            return new RowOutcome { Status = RowStatus.FailedToDownload, ErrorMessage = "hash mismatch", Sha256 = sha256 };
        }

        using var probe = UntrustedImageDecoder.ReadHeader(original, _limits);
        if (!probe.Succeeded)
        {
            return Failed(probe, sha256);
        }

        var header = probe.Header!;
        var applies = _options.ApplyExifOrientation;
        var rotates = applies && header.Rotates;
        var (width, height) = applies ? (header.Width, header.Height) : (header.StoredWidth, header.StoredHeight);
        var exifJson = _options.ExtractExif ? ExifJson.Serialize(header.Exif) : null;
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
                Orientation = header.Orientation,
            };
        }

        var plan = ResizePlan.For(width, height, _options.ResizeMode, _options.ImageSize, _options.ResizeOnlyIfBigger);
        var shrinks = plan.ScaledWidth < width || plan.ScaledHeight < height;
        // Only a shrink may decode smaller: the decoder then stops at the first JPEG scale covering the target.
        using var decoded = UntrustedImageDecoder.Decode(original, _limits, shrinks ? plan.ScaledWidth : null, shrinks ? plan.ScaledHeight : null, applies);
        if (!decoded.Succeeded)
        {
            return Failed(decoded, sha256);
        }

        var image = decoded.Image!.Bitmap;
        using var scaled = image.Width == plan.ScaledWidth && image.Height == plan.ScaledHeight
            ? null
            : SkiaResize.Resize(image, plan.ScaledWidth, plan.ScaledHeight, shrinks ? _options.DownscaleInterpolation : _options.UpscaleInterpolation);
        var content = scaled ?? image;

        // The hash sees the picture's content, before the border or crop, so the same photo hashes alike in every mode.
        var phash = PerceptualHash.Compute(content);
        var colors = ColorSignature.Compute(content);
        using var framed = plan.FinalWidth == content.Width && plan.FinalHeight == content.Height
            ? null
            : SkiaResize.CenterOnWhite(content, plan.FinalWidth, plan.FinalHeight);
        var final = framed ?? content;

        var keepOriginal = _options.SkipReencode && !rotates && !header.HasAlpha && !plan.Changes(width, height) && header.Format == _encoder.FormatName;
        return new RowOutcome
        {
            Status = RowStatus.Success,
            Width = final.Width,
            Height = final.Height,
            OriginalWidth = width,
            OriginalHeight = height,
            Exif = exifJson,
            Sha256 = sha256,
            Image = keepOriginal ? original : _encoder.Encode(final),
            PerceptualHash = phash,
            ColorSignature = colors,
            Orientation = header.Orientation,
        };
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

    /// <summary>A bomb refusal keeps its own wording (it starts "decompression bomb refused"); every other decoder failure is an "Image decoding error".</summary>
    private static RowOutcome Failed(ImageDecodeResult result, string sha256) => new()
    {
        Status = RowStatus.FailedToResize,
        ErrorMessage = result.Failure == ImageDecodeFailure.TooManyPixels ? result.Error : $"Image decoding error: {result.Error}",
        Sha256 = sha256,
    };
}
