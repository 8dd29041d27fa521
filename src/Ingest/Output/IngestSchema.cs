using DataForge.Core.Shards;
using DataForge.Ingest.Inputs;

namespace DataForge.Ingest.Output;

/// <summary>
/// The output columns of an ingest shard, in img2dataset's order: the input's leading columns (passthrough,
/// <c>caption</c>, <c>url</c>), the contract's base columns, DataForge's <c>phash</c> and <c>exif_orientation</c>,
/// the source's trailing columns, and the image column named after the encode format.
/// </summary>
internal sealed class IngestSchema
{
    public IngestSchema(InputSchema input, ImageEncodeFormat format)
    {
        Input = input;
        ImageColumn = format switch
        {
            ImageEncodeFormat.Jpg => ShardColumns.Jpg,
            ImageEncodeFormat.Png => ShardColumns.Png,
            ImageEncodeFormat.Webp => ShardColumns.Webp,
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown encode format"),
        };
        Columns =
        [
            .. input.Leading,
            .. ShardColumns.ImageShardBase,
            .. Extras,
            .. input.Trailing,
            new ShardColumnSpec(ImageColumn, ShardColumnType.Binary),
        ];
    }

    /// <summary>Gets the columns DataForge's ingest adds beyond img2dataset's.</summary>
    public static IReadOnlyList<ShardColumnSpec> Extras { get; } =
    [
        new(IngestConstants.PerceptualHashColumn, ShardColumnType.Int64),
        new(IngestConstants.ColorSignatureColumn, ShardColumnType.Binary),
        new(IngestConstants.OrientationColumn, ShardColumnType.Int32),
    ];

    public InputSchema Input { get; }

    public string ImageColumn { get; }

    public IReadOnlyList<ShardColumnSpec> Columns { get; }

    /// <summary>Returns whether a column is written by ingest itself (not carried from the input).</summary>
    public static bool IsOwnedColumn(string name) =>
        ShardColumns.ImageShardBase.Any(c => c.Name == name) || Extras.Any(c => c.Name == name) || ShardColumns.ImageColumns.Contains(name);
}
