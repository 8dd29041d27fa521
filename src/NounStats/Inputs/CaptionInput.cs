using DataForge.Core.Errors;

namespace DataForge.NounStats.Inputs;

/// <summary>One caption column to analyse (<c>--input PATH --caption-column NAME</c>).</summary>
public sealed class CaptionInput
{
    /// <summary>Gets or sets the file or shard folder.</summary>
    /// <value>The default value is an empty string, which fails validation.</value>
    public string Path { get; set; } = string.Empty;

    /// <summary>Gets or sets the caption column (Parquet, shard folder) or field (JSONL).</summary>
    /// <value>The default value is <c>caption</c>.</value>
    public string Column { get; set; } = "caption";

    /// <summary>Gets or sets the input kind.</summary>
    /// <value>The default value is <see cref="CaptionInputKind.Auto"/>.</value>
    public CaptionInputKind Kind { get; set; } = CaptionInputKind.Auto;

    /// <summary>Gets or sets the name shown in reports.</summary>
    /// <value>The default value is <see langword="null"/>: the file or folder name plus the column.</value>
    public string? Label { get; set; }

    /// <summary>Gets the label used in reports.</summary>
    public string DisplayLabel => Label ?? (ResolveKind() == CaptionInputKind.Text
        ? System.IO.Path.GetFileName(System.IO.Path.TrimEndingDirectorySeparator(Path))
        : $"{System.IO.Path.GetFileName(System.IO.Path.TrimEndingDirectorySeparator(Path))}:{Column}");

    /// <summary>Resolves <see cref="CaptionInputKind.Auto"/> from the path.</summary>
    /// <returns>The concrete kind.</returns>
    public CaptionInputKind ResolveKind()
    {
        if (Kind != CaptionInputKind.Auto)
        {
            return Kind;
        }

        if (Directory.Exists(Path))
        {
            return CaptionInputKind.ShardFolder;
        }

        var extension = System.IO.Path.GetExtension(Path).ToLowerInvariant();
        return extension switch
        {
            ".parquet" => CaptionInputKind.Parquet,
            ".jsonl" or ".json" or ".ndjson" => CaptionInputKind.Jsonl,
            _ => CaptionInputKind.Text,
        };
    }

    /// <summary>Validates the input once.</summary>
    /// <exception cref="OptionsValidationException">The path does not exist or the column is empty.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Path) || !(File.Exists(Path) || Directory.Exists(Path)))
        {
            throw new OptionsValidationException("--input", $"'{Path}' does not exist");
        }

        var kind = ResolveKind();
        if (kind != CaptionInputKind.Text && string.IsNullOrWhiteSpace(Column))
        {
            throw new OptionsValidationException("--caption-column", $"a column is needed for {kind} input '{Path}'");
        }
    }
}
