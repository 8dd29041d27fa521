using System.Globalization;
using System.Reflection;

namespace DataForge.Ingest.Output;

/// <summary>Flattens the options into <c>name → text</c> pairs for the manifest, so a dataset records exactly how it was made.</summary>
internal static class OptionsSnapshot
{
    public static SortedDictionary<string, string?> Of(IngestOptions options)
    {
        var result = new SortedDictionary<string, string?>(StringComparer.Ordinal);
        Add(result, "", options);
        return result;
    }

    /// <summary>
    /// The options that shape a shard's rows (image size, encoding, download policy, filters, …), recorded in its
    /// stats; where and how the run was spread (<c>Run.*</c>) and the dataset's name do not change what a shard holds.
    /// </summary>
    public static SortedDictionary<string, string?> ForShard(IngestOptions options)
    {
        var result = Of(options);
        foreach (var key in result.Keys.Where(k => k.StartsWith("Run.", StringComparison.Ordinal) || k == nameof(IngestOptions.DatasetName)).ToList())
        {
            result.Remove(key);
        }

        return result;
    }

    private static void Add(SortedDictionary<string, string?> result, string prefix, object value)
    {
        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0)
            {
                continue;
            }

            var item = property.GetValue(value);
            var name = prefix + property.Name;
            if (item is DownloadOptions or ImageOptions or NearDuplicateOptions or Core.Options.StageRunOptions)
            {
                Add(result, name + ".", item);
            }
            else if (item is System.Collections.IEnumerable list and not string)
            {
                result[name] = string.Join(",", list.Cast<object>().Select(o => Convert.ToString(o, CultureInfo.InvariantCulture)));
            }
            else
            {
                result[name] = Convert.ToString(item, CultureInfo.InvariantCulture);
            }
        }
    }
}
