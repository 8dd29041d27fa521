using SkiaSharp;

namespace DataForge.Ingest.Imaging;

/// <summary>Encodes opaque bitmaps as JPEG (4:2:0), PNG or lossy WebP. No metadata is written, EXIF included.</summary>
internal sealed class SkiaEncoder(ImageEncodeFormat format, int quality)
{
    /// <summary>Gets the Skia format the encoder writes, to compare with a source's for skip-reencode.</summary>
    public string FormatName { get; } = format switch
    {
        ImageEncodeFormat.Jpg => "jpeg",
        ImageEncodeFormat.Png => "png",
        ImageEncodeFormat.Webp => "webp",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown encode format"),
    };

    public byte[] Encode(SKBitmap bitmap)
    {
        using var pixmap = bitmap.PeekPixels();
        using var data = format switch
        {
            ImageEncodeFormat.Jpg => pixmap.Encode(new SKJpegEncoderOptions(quality, SKJpegEncoderDownsample.Downsample420, SKJpegEncoderAlphaOption.Ignore)),
            // PNG "quality" is the zlib level 0..9 (img2dataset's encode_quality for PNG); above 9 means the default 6.
            ImageEncodeFormat.Png => pixmap.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.AllFilters, quality <= 9 ? quality : 6)),
            ImageEncodeFormat.Webp => pixmap.Encode(new SKWebpEncoderOptions(SKWebpEncoderCompression.Lossy, quality)),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown encode format"),
        };
        return data?.ToArray() ?? throw new InvalidOperationException($"Skia could not encode a {bitmap.Width}x{bitmap.Height} image as {FormatName}");
    }
}
