namespace DataForge.Core.Imaging;

/// <summary>What an image's header says, read without decoding any pixels.</summary>
/// <param name="Format">The container format, lower case (<c>jpeg</c>, <c>png</c>, <c>gif</c>, <c>webp</c>, <c>bmp</c>, …).</param>
/// <param name="Width">The displayed width: the stored width, or the stored height when the EXIF orientation turns the picture by 90°.</param>
/// <param name="Height">The displayed height.</param>
/// <param name="StoredWidth">The width as stored in the file.</param>
/// <param name="StoredHeight">The height as stored in the file.</param>
/// <param name="FrameCount">The number of frames (1 for still images).</param>
/// <param name="HasAlpha">Whether the image may have transparent pixels.</param>
/// <param name="Orientation">The EXIF orientation tag's value as stored (any number, even an invalid one), or <see langword="null"/> when absent.</param>
/// <param name="Exif">The EXIF tags read from the file, empty when there are none.</param>
public sealed record ImageHeader(
    string Format,
    int Width,
    int Height,
    int StoredWidth,
    int StoredHeight,
    int FrameCount,
    bool HasAlpha,
    int? Orientation,
    IReadOnlyList<ExifEntry> Exif)
{
    /// <summary>
    /// Gets the raw EXIF block (TIFF, starting at its <c>II</c>/<c>MM</c> byte-order mark) as found in the file, or
    /// <see langword="null"/> when there is none; for callers that want tags <see cref="Exif"/> does not render.
    /// </summary>
    public byte[]? RawExif { get; init; }

    /// <summary>Gets whether the orientation is one that changes the pixels (2..8); 0, 1 and invalid values leave them as stored.</summary>
    public bool Rotates => Orientation is >= 2 and <= 8;

    /// <summary>Gets the pixels the header declares over all frames, the figure the bomb limit is checked against.</summary>
    public long DeclaredPixels => (long)StoredWidth * StoredHeight * Math.Max(1, FrameCount);
}
