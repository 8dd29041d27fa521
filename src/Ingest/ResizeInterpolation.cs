namespace DataForge.Ingest;

/// <summary>Resampling filter for resizing (img2dataset's interpolation names).</summary>
public enum ResizeInterpolation
{
    /// <summary>Nearest neighbour.</summary>
    Nearest,

    /// <summary>Bilinear (triangle filter).</summary>
    Linear,

    /// <summary>Bicubic.</summary>
    Cubic,

    /// <summary>Area averaging (a box filter over the source pixels each target pixel covers), best for downscaling.</summary>
    Area,

    /// <summary>Lanczos-3, best for upscaling.</summary>
    Lanczos,
}
