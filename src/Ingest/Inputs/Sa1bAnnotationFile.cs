using System.Globalization;
using System.Text.Json;

namespace DataForge.Ingest.Inputs;

/// <summary>
/// One SA-1B per-image JSON (<c>sa_&lt;id&gt;.json</c>): what it claims about its image (<c>image.image_id</c>,
/// <c>file_name</c>, <c>width</c>, <c>height</c>) and its annotations. The claims are checked against the image
/// member, never trusted over it: the member's own name and the decoded size are the truth, the JSON's
/// disagreements are reported.
/// </summary>
internal sealed record Sa1bAnnotationFile(long? ImageId, string? FileName, string? Width, string? Height, int? AnnotationCount, string? Annotations)
{
    /// <summary>Parses the JSON; a size that is not a whole number is kept as its raw text, so the mismatch can quote it.</summary>
    /// <exception cref="JsonException">The bytes are not JSON.</exception>
    public static Sa1bAnnotationFile Parse(byte[] utf8)
    {
        using var document = JsonDocument.Parse(utf8);
        var root = document.RootElement;
        long? imageId = null;
        string? fileName = null, width = null, height = null;
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("image", out var info) && info.ValueKind == JsonValueKind.Object)
        {
            if (info.TryGetProperty("image_id", out var id))
            {
                imageId = id.ValueKind == JsonValueKind.Number && id.TryGetInt64(out var parsed) ? parsed : null;
            }

            if (info.TryGetProperty("file_name", out var name) && name.ValueKind == JsonValueKind.String)
            {
                fileName = name.GetString();
            }

            width = info.TryGetProperty("width", out var w) ? w.GetRawText() : null;
            height = info.TryGetProperty("height", out var h) ? h.GetRawText() : null;
        }

        int? count = null;
        string? annotations = null;
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("annotations", out var array) && array.ValueKind == JsonValueKind.Array)
        {
            count = array.GetArrayLength();
            annotations = array.GetRawText();
        }

        return new Sa1bAnnotationFile(imageId, fileName, width, height, count, annotations);
    }

    /// <summary>Lists where the JSON names another image than the member it sits beside.</summary>
    /// <param name="memberId">The id in the member's name (<c>sa_&lt;id&gt;</c>), or null when the name carries none.</param>
    /// <param name="memberName">The image member's name inside the tar.</param>
    public List<string> IdentityMismatches(long? memberId, string memberName)
    {
        var problems = new List<string>();
        if (ImageId is { } id && memberId is { } own && id != own)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"JSON image_id {id} differs from the member's id {own}"));
        }

        var baseName = memberName[(memberName.LastIndexOf('/') + 1)..];
        if (FileName is { } name && !string.Equals(name, baseName, StringComparison.Ordinal))
        {
            problems.Add($"JSON file_name '{name}' differs from the member name '{baseName}'");
        }

        return problems;
    }

    /// <summary>
    /// Says how the JSON's size disagrees with the decoded image, or null when it agrees or either is unknown. An
    /// EXIF rotation by 90° may have swapped the decoded size, so the swapped pair agrees too for such images.
    /// </summary>
    public string? SizeMismatch(RowOutcome outcome)
    {
        if ((Width is null && Height is null) || outcome.OriginalWidth is not { } width || outcome.OriginalHeight is not { } height)
        {
            return null;
        }

        var claimed = $"{Width ?? "?"}x{Height ?? "?"}";
        var decoded = string.Create(CultureInfo.InvariantCulture, $"{width}x{height}");
        var swapped = outcome.Orientation is >= 5 and <= 8;
        return claimed == decoded || (swapped && claimed == string.Create(CultureInfo.InvariantCulture, $"{height}x{width}"))
            ? null
            : $"JSON size {claimed} differs from the image's {decoded}";
    }
}
