using System.Globalization;

namespace DataForge.Core.Shards;

/// <summary>
/// File names of a shard set: <c>00000.parquet</c> holds the rows and <c>00000_stats.json</c>, written last,
/// marks the shard as done. The one place these formats are spelled out.
/// </summary>
public static class ShardNaming
{
    /// <summary>Default number of digits in a shard id (img2dataset's <c>oom_shard_count</c>).</summary>
    public const int DefaultShardDigits = 5;

    /// <summary>Extension of shard data files.</summary>
    public const string ParquetExtension = ".parquet";

    /// <summary>Suffix of the per-shard done-marker.</summary>
    public const string StatsSuffix = "_stats.json";

    /// <summary>Marker inserted in temporary file names; files containing it are never complete outputs.</summary>
    public const string TemporaryMarker = ".tmp-";

    /// <summary>Formats a shard id as its zero-padded stem, e.g. <c>00042</c>.</summary>
    /// <param name="shardId">Non-negative shard id.</param>
    /// <param name="digits">Digit count.</param>
    /// <returns>The stem.</returns>
    public static string Stem(int shardId, int digits = DefaultShardDigits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(shardId);
        return shardId.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0');
    }

    /// <summary>Gets the data file name of a shard, e.g. <c>00042.parquet</c>.</summary>
    /// <param name="shardId">Shard id.</param>
    /// <param name="digits">Digit count.</param>
    /// <returns>The file name.</returns>
    public static string DataFileName(int shardId, int digits = DefaultShardDigits) => Stem(shardId, digits) + ParquetExtension;

    /// <summary>Gets the done-marker file name of a shard, e.g. <c>00042_stats.json</c>.</summary>
    /// <param name="shardId">Shard id.</param>
    /// <param name="digits">Digit count.</param>
    /// <returns>The file name.</returns>
    public static string StatsFileName(int shardId, int digits = DefaultShardDigits) => Stem(shardId, digits) + StatsSuffix;

    /// <summary>Parses the shard id from a data file name such as <c>00042.parquet</c>.</summary>
    /// <param name="fileName">A file name (a path is accepted; only its last segment is read).</param>
    /// <param name="shardId">The parsed id.</param>
    /// <returns><see langword="true"/> when the name is a shard data file name.</returns>
    public static bool TryParseDataFileName(string fileName, out int shardId)
    {
        shardId = -1;
        var name = Path.GetFileName(fileName);
        if (!name.EndsWith(ParquetExtension, StringComparison.Ordinal) || name.Contains(TemporaryMarker, StringComparison.Ordinal))
        {
            return false;
        }

        var stem = name[..^ParquetExtension.Length];
        return stem.Length > 0
            && stem.All(char.IsAsciiDigit)
            && int.TryParse(stem, NumberStyles.None, CultureInfo.InvariantCulture, out shardId);
    }
}
