using DataForge.Core.Errors;

namespace DataForge.Ingest;

/// <summary>How downloaded images are checked, oriented, filtered, resized, encoded and hashed.</summary>
public sealed class ImageOptions
{
    /// <summary>Gets or sets the target side length in pixels (<c>--image-size</c>).</summary>
    /// <value>The default value is <see cref="IngestConstants.DefaultImageSize"/> (256).</value>
    public int ImageSize { get; set; } = IngestConstants.DefaultImageSize;

    /// <summary>Gets or sets the resize mode (<c>--resize-mode</c>).</summary>
    /// <value>The default value is <see cref="ImageResizeMode.Border"/>.</value>
    public ImageResizeMode ResizeMode { get; set; } = ImageResizeMode.Border;

    /// <summary>Gets or sets whether images already no larger than the target keep their size (<c>--resize-only-if-bigger</c>).</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool ResizeOnlyIfBigger { get; set; }

    /// <summary>Gets or sets the filter used when shrinking (<c>--downscale-interpolation</c>).</summary>
    /// <value>The default value is <see cref="ResizeInterpolation.Area"/>.</value>
    public ResizeInterpolation DownscaleInterpolation { get; set; } = ResizeInterpolation.Area;

    /// <summary>Gets or sets the filter used when enlarging (<c>--upscale-interpolation</c>).</summary>
    /// <value>The default value is <see cref="ResizeInterpolation.Lanczos"/>.</value>
    public ResizeInterpolation UpscaleInterpolation { get; set; } = ResizeInterpolation.Lanczos;

    /// <summary>Gets or sets the output encoding (<c>--encode-format</c>).</summary>
    /// <value>The default value is <see cref="ImageEncodeFormat.Jpg"/>.</value>
    public ImageEncodeFormat EncodeFormat { get; set; } = ImageEncodeFormat.Jpg;

    /// <summary>Gets or sets the JPEG/WebP quality 1–100, or the PNG compression level 0–9 (<c>--encode-quality</c>).</summary>
    /// <value>The default value is 95 (for PNG, values above 9 mean level 6).</value>
    public int EncodeQuality { get; set; } = IngestConstants.DefaultEncodeQuality;

    /// <summary>
    /// Gets or sets whether the original bytes are stored unchanged when nothing would change them: no resize, no
    /// rotation, no alpha, and the source already is the output format (<c>--skip-reencode</c>).
    /// </summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool SkipReencode { get; set; } = true;

    /// <summary>
    /// Gets or sets whether the EXIF orientation is applied, so the stored image is upright and the sizes are the
    /// displayed ones; the source orientation is kept in the <c>exif_orientation</c> column (<c>--apply-exif-orientation</c>).
    /// </summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool ApplyExifOrientation { get; set; } = true;

    /// <summary>Gets or sets whether EXIF tags are stored as a JSON string in the <c>exif</c> column (<c>--extract-exif</c>).</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool ExtractExif { get; set; } = true;

    /// <summary>Gets or sets the minimum length of the shorter side; smaller images are filtered (<c>--min-image-size</c>).</summary>
    /// <value>The default value is 0 (no limit).</value>
    public int MinImageSize { get; set; }

    /// <summary>Gets or sets the maximum pixel area; larger images are filtered (<c>--max-image-area</c>).</summary>
    /// <value>The default value is <see langword="null"/> (no limit).</value>
    public long? MaxImageArea { get; set; }

    /// <summary>Gets or sets the maximum ratio of long to short side; more elongated images are filtered (<c>--max-aspect-ratio</c>).</summary>
    /// <value>The default value is <see langword="null"/> (no limit).</value>
    public double? MaxAspectRatio { get; set; }

    /// <summary>
    /// Gets or sets the pixel count above which an image is refused before decoding, read from its header, so a
    /// tiny file claiming 100000×100000 cannot exhaust memory (<c>--max-decoded-pixels</c>).
    /// </summary>
    /// <value>The default value is <see cref="IngestConstants.DefaultMaxDecodedPixels"/>.</value>
    public long MaxDecodedPixels { get; set; } = IngestConstants.DefaultMaxDecodedPixels;

    /// <summary>Validates the options.</summary>
    /// <exception cref="OptionsValidationException">A value is out of range.</exception>
    public void Validate()
    {
        if (ImageSize < 1 || ImageSize > 16_384)
        {
            throw new OptionsValidationException("--image-size", $"must be within 1..16384, got {ImageSize}");
        }

        var qualityOk = EncodeFormat == ImageEncodeFormat.Png ? EncodeQuality is >= 0 and <= 100 : EncodeQuality is >= 1 and <= 100;
        if (!qualityOk)
        {
            throw new OptionsValidationException("--encode-quality", $"must be within 1..100 (PNG: 0..9), got {EncodeQuality}");
        }

        if (MinImageSize < 0)
        {
            throw new OptionsValidationException("--min-image-size", $"must be 0 or more, got {MinImageSize}");
        }

        if (MaxImageArea is < 1)
        {
            throw new OptionsValidationException("--max-image-area", $"must be positive, got {MaxImageArea}");
        }

        if (MaxAspectRatio is { } ratio && (double.IsNaN(ratio) || ratio < 1))
        {
            throw new OptionsValidationException("--max-aspect-ratio", $"must be at least 1, got {ratio}");
        }

        if (MaxDecodedPixels < 1)
        {
            throw new OptionsValidationException("--max-decoded-pixels", $"must be positive, got {MaxDecodedPixels}");
        }
    }
}
