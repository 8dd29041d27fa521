namespace DataForge.Ingest.Imaging;

/// <summary>
/// The geometry of one resize: scale the source to <see cref="ScaledWidth"/>×<see cref="ScaledHeight"/>, then
/// crop or pad (with white) to <see cref="FinalWidth"/>×<see cref="FinalHeight"/>, centred.
/// </summary>
/// <param name="ScaledWidth">Width after scaling.</param>
/// <param name="ScaledHeight">Height after scaling.</param>
/// <param name="FinalWidth">Width after crop or pad.</param>
/// <param name="FinalHeight">Height after crop or pad.</param>
internal readonly record struct ResizePlan(int ScaledWidth, int ScaledHeight, int FinalWidth, int FinalHeight)
{
    /// <summary>Plans the resize of a displayed <paramref name="width"/>×<paramref name="height"/> image (img2dataset's rules).</summary>
    public static ResizePlan For(int width, int height, ImageResizeMode mode, int size, bool onlyIfBigger)
    {
        var shortSide = Math.Min(width, height);
        var longSide = Math.Max(width, height);
        switch (mode)
        {
            case ImageResizeMode.No:
                return new(width, height, width, height);
            case ImageResizeMode.KeepRatio:
            case ImageResizeMode.CenterCrop:
            {
                var (w, h) = onlyIfBigger && shortSide <= size ? (width, height) : Scale(width, height, (double)size / shortSide);
                return mode == ImageResizeMode.KeepRatio ? new(w, h, w, h) : new(w, h, Math.Min(w, size), Math.Min(h, size));
            }

            case ImageResizeMode.KeepRatioLargest:
            case ImageResizeMode.Border:
            {
                var (w, h) = onlyIfBigger && longSide <= size ? (width, height) : Scale(width, height, (double)size / longSide);
                return mode == ImageResizeMode.KeepRatioLargest ? new(w, h, w, h) : new(w, h, Math.Max(w, size), Math.Max(h, size));
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(mode), mode, "unknown resize mode");
        }
    }

    /// <summary>Gets whether the source pixels are resampled.</summary>
    public bool Scales(int width, int height) => ScaledWidth != width || ScaledHeight != height;

    /// <summary>Gets whether anything about the geometry changes.</summary>
    public bool Changes(int width, int height) => Scales(width, height) || FinalWidth != width || FinalHeight != height;

    private static (int Width, int Height) Scale(int width, int height, double factor) =>
        (Math.Max(1, (int)Math.Round(width * factor, MidpointRounding.AwayFromZero)),
         Math.Max(1, (int)Math.Round(height * factor, MidpointRounding.AwayFromZero)));
}
