namespace DataForge.Core.Shards;

/// <summary>
/// Column names of the image-shard contract. The base set is img2dataset's <c>parquet</c> output, so Python
/// tooling reads DataForge shards unchanged; later stages append their own columns beside them.
/// </summary>
public static class ShardColumns
{
    /// <summary>Sample key, <c>shard·10^k + row</c> zero-padded (string).</summary>
    public const string Key = "key";

    /// <summary>Source URL (string).</summary>
    public const string Url = "url";

    /// <summary>Original caption, e.g. LAION alt-text (string).</summary>
    public const string Caption = "caption";

    /// <summary>Row status: one of <see cref="RowStatus"/> (string).</summary>
    public const string Status = "status";

    /// <summary>The real reason a row failed, verbatim (string, null on success).</summary>
    public const string ErrorMessage = "error_message";

    /// <summary>Stored image width after resizing (int32).</summary>
    public const string Width = "width";

    /// <summary>Stored image height after resizing (int32).</summary>
    public const string Height = "height";

    /// <summary>Displayed width of the downloaded image before resizing (int32).</summary>
    public const string OriginalWidth = "original_width";

    /// <summary>Displayed height of the downloaded image before resizing (int32).</summary>
    public const string OriginalHeight = "original_height";

    /// <summary>EXIF tags as a JSON object of strings (string).</summary>
    public const string Exif = "exif";

    /// <summary>Hex sha256 of the original downloaded bytes (string).</summary>
    public const string Sha256 = "sha256";

    /// <summary>Encoded image bytes when the output format is JPEG (binary).</summary>
    public const string Jpg = "jpg";

    /// <summary>Encoded image bytes when the output format is PNG (binary).</summary>
    public const string Png = "png";

    /// <summary>Encoded image bytes when the output format is WebP (binary).</summary>
    public const string Webp = "webp";

    /// <summary>Dense caption written by the captioner (string).</summary>
    public const string DenseCaption = "dense_caption";

    /// <summary>Model id that wrote <see cref="DenseCaption"/> (string).</summary>
    public const string CaptionModel = "caption_model";

    /// <summary>Prompt template used for <see cref="DenseCaption"/> (string).</summary>
    public const string CaptionPrompt = "caption_prompt";

    /// <summary>Number of generated tokens (int32).</summary>
    public const string CaptionTokens = "caption_tokens";

    /// <summary>Why generation stopped: eos, length, stop or loop (string).</summary>
    public const string CaptionFinishReason = "caption_finish_reason";

    /// <summary>Seconds spent generating this row's caption (float64).</summary>
    public const string CaptionSeconds = "caption_seconds";

    /// <summary>Captioning status of the row: one of <see cref="RowStatus"/> (string).</summary>
    public const string CaptionStatus = "caption_status";

    /// <summary>Why captioning failed for the row (string).</summary>
    public const string CaptionError = "caption_error";

    /// <summary>Feature shards: VAE latent distribution mean, float32 little-endian, C×H×W (binary).</summary>
    public const string VaeMean = "vae_mean";

    /// <summary>Feature shards: VAE latent distribution standard deviation, same layout as <see cref="VaeMean"/> (binary).</summary>
    public const string VaeStd = "vae_std";

    /// <summary>Feature shards: latent shape as <c>C,H,W</c> (string).</summary>
    public const string VaeShape = "vae_shape";

    /// <summary>Feature shards: T5 encoder output, float32 (or float16) little-endian, tokens×dim (binary).</summary>
    public const string T5Features = "t5_features";

    /// <summary>Feature shards: T5 attention mask, one byte per token (binary).</summary>
    public const string T5Mask = "t5_mask";

    /// <summary>Feature shards: the cleaned caption the T5 features were computed from (string).</summary>
    public const string T5Caption = "t5_caption";

    /// <summary>Prefix pandas gives to its index columns; readers drop such columns.</summary>
    public const string PandasIndexPrefix = "__index_level_";

    /// <summary>The names of the encoded-image columns, one per output format.</summary>
    public static IReadOnlyList<string> ImageColumns { get; } = [Jpg, Png, Webp];

    /// <summary>
    /// The base image-shard columns in img2dataset order (after the input columns), with their types. The image
    /// column is added separately because its name follows the encode format.
    /// </summary>
    public static IReadOnlyList<ShardColumnSpec> ImageShardBase { get; } =
    [
        new(Key, ShardColumnType.String),
        new(Status, ShardColumnType.String),
        new(ErrorMessage, ShardColumnType.String),
        new(Width, ShardColumnType.Int32),
        new(Height, ShardColumnType.Int32),
        new(OriginalWidth, ShardColumnType.Int32),
        new(OriginalHeight, ShardColumnType.Int32),
        new(Exif, ShardColumnType.String),
        new(Sha256, ShardColumnType.String),
    ];

    /// <summary>
    /// Names that input passthrough columns may not take, because the contract owns them (img2dataset refuses the
    /// same list).
    /// </summary>
    public static IReadOnlySet<string> Reserved { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        Key, Caption, Url, Width, Height, OriginalWidth, OriginalHeight, Status, ErrorMessage, Exif, "md5", Sha256,
        "sha512", Jpg, Png, Webp,
    };

    /// <summary>Returns the image column present in a table, if any.</summary>
    /// <param name="table">The table.</param>
    /// <returns>The column name, or <see langword="null"/>.</returns>
    public static string? FindImageColumn(ShardTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        foreach (var name in ImageColumns)
        {
            if (table.HasColumn(name))
            {
                return name;
            }
        }

        return null;
    }
}
