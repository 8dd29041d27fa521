using SkiaSharp;

namespace DataForge.Core.Imaging;

/// <summary>
/// Decodes image bytes from the internet with Skia's codecs (libjpeg-turbo, libpng, libwebp, Wuffs GIF; fuzzed
/// continuously by Google) behind a pixel budget read from the header, and never throws for bad bytes: every
/// problem is an <see cref="ImageDecodeResult"/> with a message. Truncated data is a failure, not a picture with a
/// grey bottom half. The result is upright (EXIF orientation applied), opaque (alpha on white) 8-bit RGBA, and,
/// when a target size is given, decoded at the smallest JPEG DCT scale (1/8 … 8/8) that still covers the target,
/// so a 4000 px photo bound for 256 px is never decoded at full size.
/// </summary>
public static class UntrustedImageDecoder
{
    /// <summary>Reads only the header: format, displayed size, frames, alpha, orientation, EXIF; checks the limits.</summary>
    /// <param name="data">The encoded image.</param>
    /// <param name="limits">The budget; a refused image still reports its header.</param>
    /// <returns>A result with <see cref="ImageDecodeResult.Header"/> and no image, or a failure.</returns>
    public static ImageDecodeResult ReadHeader(ReadOnlySpan<byte> data, ImageDecodeLimits limits) => Run(data, limits, false, null, null);

    /// <summary>Decodes the first frame, upright and opaque.</summary>
    /// <param name="data">The encoded image.</param>
    /// <param name="limits">The budget, checked against the header before any pixel is allocated.</param>
    /// <param name="targetWidth">The displayed (upright) width the caller will resize to, or <see langword="null"/>.</param>
    /// <param name="targetHeight">The displayed (upright) height the caller will resize to, or <see langword="null"/>.</param>
    /// <returns>The image (possibly scaled down, never below the target), or a failure.</returns>
    public static ImageDecodeResult Decode(ReadOnlySpan<byte> data, ImageDecodeLimits limits, int? targetWidth = null, int? targetHeight = null) =>
        Run(data, limits, true, targetWidth, targetHeight);

    /// <summary>Decodes the first frame, opaque, optionally leaving the pixels as stored (EXIF orientation not applied).</summary>
    /// <param name="data">The encoded image.</param>
    /// <param name="limits">The budget, checked against the header before any pixel is allocated.</param>
    /// <param name="targetWidth">The width the caller will resize to (displayed when <paramref name="applyOrientation"/>, else stored), or <see langword="null"/>.</param>
    /// <param name="targetHeight">The height the caller will resize to, or <see langword="null"/>.</param>
    /// <param name="applyOrientation">Whether to turn the pixels upright; when <see langword="false"/> they keep the stored
    /// layout and <see cref="ImageHeader.StoredWidth"/>/<see cref="ImageHeader.StoredHeight"/> describe them.</param>
    /// <returns>The image (possibly scaled down, never below the target), or a failure.</returns>
    public static ImageDecodeResult Decode(ReadOnlySpan<byte> data, ImageDecodeLimits limits, int? targetWidth, int? targetHeight, bool applyOrientation) =>
        Run(data, limits, true, targetWidth, targetHeight, applyOrientation);

    private static ImageDecodeResult Run(ReadOnlySpan<byte> data, ImageDecodeLimits limits, bool decodePixels, int? targetWidth, int? targetHeight, bool applyOrientation = true)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (limits.MaxEncodedBytes is { } maxBytes && data.Length > maxBytes)
        {
            return ImageDecodeResult.Fail(ImageDecodeFailure.EncodedTooLarge, $"encoded image of {data.Length} bytes is above the limit of {maxBytes} bytes");
        }

        if (data.IsEmpty)
        {
            return ImageDecodeResult.Fail(ImageDecodeFailure.UnknownFormat, "unknown image format (no bytes)");
        }

        try
        {
            using var encoded = SKData.CreateCopy(data);
            using var stream = new SKMemoryStream(encoded);
            using var codec = SKCodec.Create(stream, out var created);
            if (codec is null)
            {
                // Skia also says "incomplete" for any input shorter than its sniffing window, text included.
                return created == SKCodecResult.IncompleteInput && HasImageSignature(data)
                    ? ImageDecodeResult.Fail(ImageDecodeFailure.IncompleteInput, "incomplete image data (the header is cut off)")
                    : ImageDecodeResult.Fail(ImageDecodeFailure.UnknownFormat, "unknown image format");
            }

            var info = codec.Info;
            if (info.Width <= 0 || info.Height <= 0)
            {
                return ImageDecodeResult.Fail(ImageDecodeFailure.DecodeError, $"invalid image size {info.Width}x{info.Height}");
            }

            // One frame over budget is refused before the decoder is asked to walk the frames.
            if ((long)info.Width * info.Height > limits.MaxDecodedPixels)
            {
                var single = BuildHeader(codec, data, 1);
                return Bomb(single, limits);
            }

            var header = BuildHeader(codec, data, Math.Max(1, codec.FrameCount));
            if (header.DeclaredPixels > limits.MaxDecodedPixels)
            {
                return Bomb(header, limits);
            }

            if (!decodePixels)
            {
                return ImageDecodeResult.Ok(header, null);
            }

            var decoded = DecodePixels(codec, header, targetWidth, targetHeight, applyOrientation);
            if (decoded.Succeeded && codec.EncodedFormat == SKEncodedImageFormat.Jpeg && !JpegEndOfImage.IsPresent(data))
            {
                // libjpeg "succeeded" on a cut-off progressive file by padding it; checked after the decode so a
                // cut-off baseline file keeps libjpeg's own verdict.
                decoded.Dispose();
                return ImageDecodeResult.Fail(ImageDecodeFailure.IncompleteInput, "incomplete image data (no JPEG end-of-image marker after the scan data)", header);
            }

            return decoded;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not StackOverflowException)
        {
            // Skia reports through result codes; this only catches binding-level surprises so a row never kills a shard.
            return ImageDecodeResult.Fail(ImageDecodeFailure.DecodeError, $"decode failed: {ex.Message}");
        }
    }

    private static ImageDecodeResult Bomb(ImageHeader header, ImageDecodeLimits limits)
    {
        var frames = header.FrameCount > 1 ? $" x {header.FrameCount} frames" : "";
        return ImageDecodeResult.Fail(
            ImageDecodeFailure.TooManyPixels,
            $"decompression bomb refused: header says {header.StoredWidth}x{header.StoredHeight}{frames} = {header.DeclaredPixels} pixels, above the limit of {limits.MaxDecodedPixels}",
            header);
    }

    private static ImageHeader BuildHeader(SKCodec codec, ReadOnlySpan<byte> data, int frames)
    {
        var info = codec.Info;
        var block = ExifBlockLocator.Find(data);
        var exif = ExifReader.Read(block);
        var orientation = ExifReader.Orientation(exif);
        if (orientation is null && codec.EncodedOrigin is var origin && origin != SKEncodedOrigin.TopLeft && (int)origin is >= 2 and <= 8)
        {
            orientation = (int)origin; // a container whose EXIF this reader does not find (e.g. HEIF), but Skia does
        }

        var swaps = orientation is >= 5 and <= 8;
        return new ImageHeader(
            FormatName(codec.EncodedFormat),
            swaps ? info.Height : info.Width,
            swaps ? info.Width : info.Height,
            info.Width,
            info.Height,
            frames,
            info.AlphaType != SKAlphaType.Opaque,
            orientation,
            exif)
        {
            RawExif = block.IsEmpty ? null : block.ToArray(),
        };
    }

    private static ImageDecodeResult DecodePixels(SKCodec codec, ImageHeader header, int? targetWidth, int? targetHeight, bool applyOrientation)
    {
        var rotates = applyOrientation && header.Rotates;
        var swaps = applyOrientation && header.Orientation is >= 5 and <= 8;
        var (needWidth, needHeight) = swaps ? (targetHeight, targetWidth) : (targetWidth, targetHeight);
        var size = ScaledSize(codec, header.StoredWidth, header.StoredHeight, needWidth, needHeight);
        var decodeInfo = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, header.HasAlpha ? SKAlphaType.Premul : SKAlphaType.Opaque);
        var decoded = new SKBitmap();
        if (!decoded.TryAllocPixels(decodeInfo))
        {
            decoded.Dispose();
            return ImageDecodeResult.Fail(ImageDecodeFailure.DecodeError, $"could not allocate {size.Width}x{size.Height} pixels", header);
        }

        var result = codec.GetPixels(decodeInfo, decoded.GetPixels(), decoded.RowBytes, new SKCodecOptions(0));
        if (result != SKCodecResult.Success)
        {
            decoded.Dispose();
            return result switch
            {
                SKCodecResult.IncompleteInput => ImageDecodeResult.Fail(ImageDecodeFailure.IncompleteInput, "incomplete image data", header),
                SKCodecResult.ErrorInInput => ImageDecodeResult.Fail(ImageDecodeFailure.DecodeError, "corrupt image data", header),
                _ => ImageDecodeResult.Fail(ImageDecodeFailure.DecodeError, $"decoder error: {result}", header),
            };
        }

        if (!header.HasAlpha && !rotates)
        {
            return ImageDecodeResult.Ok(header, new DecodedImage(decoded, header));
        }

        using (decoded)
        {
            return ImageDecodeResult.Ok(header, new DecodedImage(UprightOnWhite(decoded, rotates ? header.Orientation!.Value : 1), header));
        }
    }

    /// <summary>
    /// Picks the smallest size the codec can decode to directly (JPEG: k/8 scaled IDCT; WebP: its own scaler; other
    /// formats only their full size) that is still at least the target in both directions.
    /// </summary>
    private static SKSizeI ScaledSize(SKCodec codec, int width, int height, int? needWidth, int? needHeight)
    {
        if (needWidth is null && needHeight is null)
        {
            return new SKSizeI(width, height);
        }

        var minWidth = Math.Max(1, needWidth ?? 1);
        var minHeight = Math.Max(1, needHeight ?? 1);
        for (var eighths = 1; eighths < 8; eighths++)
        {
            var size = codec.GetScaledDimensions(eighths / 8f);
            if (size.Width >= minWidth && size.Height >= minHeight && size.Width <= width && size.Height <= height)
            {
                return size;
            }
        }

        return new SKSizeI(width, height);
    }

    /// <summary>Draws the stored pixels onto white through the EXIF orientation's transform (exact for 90° turns and flips).</summary>
    private static SKBitmap UprightOnWhite(SKBitmap stored, int orientation)
    {
        float w = stored.Width, h = stored.Height;
        var swaps = orientation is >= 5 and <= 8;
        var target = new SKBitmap(new SKImageInfo(swaps ? stored.Height : stored.Width, swaps ? stored.Width : stored.Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        // x' = scaleX·x + skewX·y + transX, y' = skewY·x + scaleY·y + transY, mapping stored to displayed pixels.
        var matrix = orientation switch
        {
            2 => new SKMatrix(-1, 0, w, 0, 1, 0, 0, 0, 1),
            3 => new SKMatrix(-1, 0, w, 0, -1, h, 0, 0, 1),
            4 => new SKMatrix(1, 0, 0, 0, -1, h, 0, 0, 1),
            5 => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
            6 => new SKMatrix(0, -1, h, 1, 0, 0, 0, 0, 1),
            7 => new SKMatrix(0, -1, h, -1, 0, w, 0, 0, 1),
            8 => new SKMatrix(0, 1, 0, -1, 0, w, 0, 0, 1),
            _ => SKMatrix.Identity,
        };
        using var canvas = new SKCanvas(target);
        canvas.Clear(SKColors.White);
        canvas.SetMatrix(matrix);
        canvas.DrawBitmap(stored, 0, 0, new SKSamplingOptions(SKFilterMode.Nearest), null);
        canvas.Flush();
        return target;
    }

    private static bool HasImageSignature(ReadOnlySpan<byte> data) =>
        data.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])
        || data.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47])
        || data.StartsWith("GIF8"u8)
        || data.StartsWith("RIFF"u8)
        || data.StartsWith("BM"u8)
        || data.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0x01, 0x00]);

    private static string FormatName(SKEncodedImageFormat format) => format.ToString().ToLowerInvariant();
}
