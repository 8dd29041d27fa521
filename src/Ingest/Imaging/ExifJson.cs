using System.Text.Json;
using DataForge.Core.Imaging;

namespace DataForge.Ingest.Imaging;

/// <summary>
/// EXIF tags as a JSON object of strings (img2dataset stores <c>json.dumps({tag: str(value)})</c>), keys sorted.
/// The tags come from Core's bounded EXIF reader, which already leaves out binary blobs (maker notes, thumbnails,
/// undefined-type arrays) and long arrays: they are large and meaningless as text.
/// </summary>
internal static class ExifJson
{
    public static string? Serialize(IReadOnlyList<ExifEntry> entries)
    {
        if (entries.Count == 0)
        {
            return null;
        }

        var tags = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            tags[entry.Name] = entry.Value;
        }

        return JsonSerializer.Serialize(tags);
    }
}
