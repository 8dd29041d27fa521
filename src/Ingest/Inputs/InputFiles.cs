using DataForge.Core.Errors;

namespace DataForge.Ingest.Inputs;

/// <summary>
/// Resolves <c>--input</c> to an ordered list of files and one format: a file's format comes from its extension
/// (<c>.gz</c> stripped); a folder is globbed for that format's files, sorted, as img2dataset does, so shard ids
/// keep counting across files in a stable order.
/// </summary>
internal static class InputFiles
{
    private static readonly string[] ImageExtensions = [".jpg", ".jpeg", ".png", ".webp", ".gif", ".bmp", ".tif", ".tiff"];

    public static bool IsImageFile(string path) =>
        ImageExtensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase);

    /// <summary>Detects the format of one file from its name.</summary>
    public static InputFormat? FormatOfFile(string path)
    {
        var name = Path.GetFileName(path).ToLowerInvariant();
        if (name.EndsWith(".gz", StringComparison.Ordinal))
        {
            name = name[..^3];
        }

        return Path.GetExtension(name) switch
        {
            ".parquet" => InputFormat.Parquet,
            ".csv" => InputFormat.Csv,
            ".tsv" => name.Contains("links", StringComparison.Ordinal) ? InputFormat.Sa1bLinks : InputFormat.Tsv,
            ".json" => InputFormat.Json,
            ".jsonl" => InputFormat.Jsonl,
            ".txt" => name.Contains("links", StringComparison.Ordinal) ? InputFormat.Sa1bLinks : InputFormat.Txt,
            ".tar" => name.StartsWith("sa_", StringComparison.Ordinal) ? InputFormat.Sa1bTar : InputFormat.WebDataset,
            _ => null,
        };
    }

    /// <summary>Resolves the files and the format.</summary>
    public static (InputFormat Format, IReadOnlyList<string> Files) Resolve(string input, InputFormat format)
    {
        if (File.Exists(input))
        {
            var resolved = format == InputFormat.Auto
                ? FormatOfFile(input) ?? throw new OptionsValidationException("--input-format", $"cannot tell the format of '{input}' from its name; give --input-format")
                : format;
            return (resolved, [Path.GetFullPath(input)]);
        }

        var all = Directory.EnumerateFiles(input).Order(StringComparer.Ordinal).ToList();
        if (format == InputFormat.ImageFolder || (format == InputFormat.Auto && all.Count > 0 && all.Any(IsImageFile) && !all.Any(f => FormatOfFile(f) is not null and not InputFormat.Txt)))
        {
            return (InputFormat.ImageFolder, [Path.GetFullPath(input)]);
        }

        if (format == InputFormat.Auto)
        {
            format = all.Select(FormatOfFile).FirstOrDefault(f => f is not null)
                ?? throw new OptionsValidationException("--input", $"'{input}' holds no file of a known input format");
        }

        var files = all.Where(f => FormatOfFile(f) is { } found && (found == format || (format == InputFormat.WebDataset && found == InputFormat.Sa1bTar)))
            .Select(Path.GetFullPath)
            .ToList();
        if (files.Count == 0)
        {
            throw new OptionsValidationException("--input", $"'{input}' holds no {format} file");
        }

        return (format, files);
    }
}
