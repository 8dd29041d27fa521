namespace DataForge.Core.Imaging;

/// <summary>
/// What an untrusted image may cost before a single pixel is allocated. The header is read first and the image is
/// refused when it would exceed these limits, so a 100-byte file claiming 100000×100000 pixels (or a GIF stacking
/// hundreds of frames on a huge canvas) costs a few kilobytes, not gigabytes.
/// </summary>
public sealed record ImageDecodeLimits
{
    /// <summary>
    /// The default pixel budget: 2 × PIL's <c>Image.MAX_IMAGE_PIXELS</c> (89,478,485), the point where PIL raises
    /// <c>DecompressionBombError</c> instead of warning. A full-size RGBA decode at the limit needs ≈ 716 MB.
    /// </summary>
    public const long DefaultMaxDecodedPixels = 178_956_970;

    /// <summary>Gets the shared default limits.</summary>
    public static ImageDecodeLimits Default { get; } = new();

    /// <summary>
    /// Gets the most pixels an image may declare, counted as width × height × frames over all frames of an
    /// animation (only the first frame is ever decoded, but a decoder walking the frames is where bombs hide).
    /// </summary>
    /// <value>The default value is <see cref="DefaultMaxDecodedPixels"/>.</value>
    public long MaxDecodedPixels { get; init; } = DefaultMaxDecodedPixels;

    /// <summary>Gets the largest encoded input accepted, in bytes; <see langword="null"/> for no limit.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public long? MaxEncodedBytes { get; init; }
}
