namespace DataForge.Ingest;

/// <summary>Output image encoding; also names the image column (<c>jpg</c>, <c>png</c>, <c>webp</c>).</summary>
public enum ImageEncodeFormat
{
    /// <summary>JPEG (4:2:0 chroma subsampling, as OpenCV writes).</summary>
    Jpg,

    /// <summary>PNG (lossless).</summary>
    Png,

    /// <summary>WebP (lossy).</summary>
    Webp,
}
