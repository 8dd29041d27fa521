using System.Globalization;
using System.Text.Json;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;

namespace DataForge.Ingest.Imaging;

/// <summary>
/// EXIF tags as a JSON object of strings (img2dataset stores <c>json.dumps({tag: str(value)})</c>). Binary blobs
/// (maker notes, thumbnails, long arrays) are left out: they are large and meaningless as text.
/// </summary>
internal static class ExifJson
{
    private const int MaxArrayLength = 32;

    public static string? Serialize(ExifProfile? profile)
    {
        if (profile is null || profile.Values.Count == 0)
        {
            return null;
        }

        var tags = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in profile.Values)
        {
            if (value.Tag == ExifTag.MakerNote || value.DataType == ExifDataType.Undefined && value.IsArray)
            {
                continue;
            }

            var text = Format(value.GetValue());
            if (text is not null)
            {
                tags[value.Tag.ToString()] = text;
            }
        }

        return tags.Count == 0 ? null : JsonSerializer.Serialize(tags);
    }

    private static string? Format(object? value)
    {
        switch (value)
        {
            case null:
                return null;
            case string s:
                return s.TrimEnd('\0');
            case Array array when array.Length > MaxArrayLength:
                return null;
            case Array array:
                var parts = new List<string>(array.Length);
                foreach (var item in array)
                {
                    parts.Add(Convert.ToString(item, CultureInfo.InvariantCulture) ?? "");
                }

                return string.Join(", ", parts);
            default:
                return Convert.ToString(value, CultureInfo.InvariantCulture);
        }
    }
}
