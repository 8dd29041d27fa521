namespace DataForge.Ingest;

/// <summary>How images are resized (img2dataset's <c>resize_mode</c>).</summary>
public enum ImageResizeMode
{
    /// <summary>Keep the decoded size.</summary>
    No,

    /// <summary>Scale so the shorter side equals the image size.</summary>
    KeepRatio,

    /// <summary>Scale so the longer side equals the image size.</summary>
    KeepRatioLargest,

    /// <summary><see cref="KeepRatio"/>, then crop the centre square.</summary>
    CenterCrop,

    /// <summary><see cref="KeepRatioLargest"/>, then pad to a square with white.</summary>
    Border,
}
