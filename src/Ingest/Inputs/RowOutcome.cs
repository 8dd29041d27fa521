namespace DataForge.Ingest.Inputs;

/// <summary>The result columns of one row: status, error and, on success, sizes, hashes and the encoded image.</summary>
internal sealed class RowOutcome
{
    public required string Status { get; init; }

    public string? ErrorMessage { get; init; }

    public int? Width { get; init; }

    public int? Height { get; init; }

    public int? OriginalWidth { get; init; }

    public int? OriginalHeight { get; init; }

    public string? Exif { get; init; }

    public string? Sha256 { get; init; }

    public byte[]? Image { get; init; }

    public long? PerceptualHash { get; init; }

    public byte[]? ColorSignature { get; init; }

    public int? Orientation { get; init; }

    /// <summary>Creates a failed outcome with no image.</summary>
    public static RowOutcome Failed(string status, string message) => new() { Status = status, ErrorMessage = message };

    /// <summary>Returns a copy with another status and message, keeping the measured columns (used for filtered rows).</summary>
    public RowOutcome WithStatus(string status, string? message) => new()
    {
        Status = status,
        ErrorMessage = message,
        Width = Width,
        Height = Height,
        OriginalWidth = OriginalWidth,
        OriginalHeight = OriginalHeight,
        Exif = Exif,
        Sha256 = Sha256,
        Image = status == Core.Shards.RowStatus.Success ? Image : null,
        PerceptualHash = PerceptualHash,
        ColorSignature = ColorSignature,
        Orientation = Orientation,
    };
}
