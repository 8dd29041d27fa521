using DataForge.Core.Errors;
using DataForge.Core.Shards;

namespace DataForge.NounStats.Counting;

/// <summary>
/// Per-unit partial results as Parquet, so shards can be counted in parallel or on many machines and merged:
/// <c>UNIT.nouns.parquet</c> (columns <c>noun</c>, <c>count</c>) and <c>UNIT.rows.parquet</c> (<c>row</c>,
/// <c>nouns</c>, <c>tokens</c>: one row per caption). The rows file is written last and marks the unit done.
/// </summary>
public static class NounPartialStore
{
    /// <summary>Suffix of the noun-count file.</summary>
    public const string NounsSuffix = ".nouns.parquet";

    /// <summary>Suffix of the per-row file (the done-marker).</summary>
    public const string RowsSuffix = ".rows.parquet";

    /// <summary>Writes a unit's partial result atomically.</summary>
    /// <param name="directory">Folder of the partials.</param>
    /// <param name="unit">Unit name (e.g. a shard stem).</param>
    /// <param name="tally">The unit's noun counts.</param>
    /// <param name="rowNouns">Nouns per row, in row order.</param>
    /// <param name="rowTokens">Words per row, in row order.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when both files are in place.</returns>
    public static async Task WriteAsync(string directory, string unit, NounTally tally, IReadOnlyList<int> rowNouns, IReadOnlyList<int> rowTokens, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tally);
        ArgumentNullException.ThrowIfNull(rowNouns);
        ArgumentNullException.ThrowIfNull(rowTokens);
        var ordered = tally.Counts.OrderBy(p => p.Key, StringComparer.Ordinal).ToArray();
        var nouns = new ShardTable(
        [
            ShardColumn.Of("noun", ordered.Select(p => (string?)p.Key).ToArray()),
            ShardColumn.Of("count", ordered.Select(p => (long?)p.Value).ToArray()),
        ]);
        var rows = new ShardTable(
        [
            ShardColumn.Of("row", Enumerable.Range(0, rowNouns.Count).Select(i => (long?)i).ToArray()),
            ShardColumn.Of("nouns", rowNouns.Select(n => (int?)n).ToArray()),
            ShardColumn.Of("tokens", rowTokens.Select(n => (int?)n).ToArray()),
        ]);
        Directory.CreateDirectory(directory);
        await ShardFileWriter.WriteTableAsync(Path.Combine(directory, unit + NounsSuffix), nouns, 65_536, cancellationToken).ConfigureAwait(false);
        await ShardFileWriter.WriteTableAsync(Path.Combine(directory, unit + RowsSuffix), rows, 65_536, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Returns whether a unit's partial result is complete.</summary>
    /// <param name="directory">Folder of the partials.</param>
    /// <param name="unit">Unit name.</param>
    /// <returns><see langword="true"/> when both files exist.</returns>
    public static bool IsDone(string directory, string unit) =>
        File.Exists(Path.Combine(directory, unit + RowsSuffix)) && File.Exists(Path.Combine(directory, unit + NounsSuffix));

    /// <summary>Reads one unit's partial result back into a tally.</summary>
    /// <param name="directory">Folder of the partials.</param>
    /// <param name="unit">Unit name.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The tally.</returns>
    /// <exception cref="ShardFormatException">A file is missing columns or holds invalid values.</exception>
    public static async Task<NounTally> ReadAsync(string directory, string unit, CancellationToken cancellationToken = default)
    {
        var tally = new NounTally();
        var nounsPath = Path.Combine(directory, unit + NounsSuffix);
        var nouns = await ShardFileReader.ReadTableAsync(nounsPath, ["noun", "count"], cancellationToken).ConfigureAwait(false);
        var keys = nouns.Get<string>("noun");
        var counts = nouns.Get<long?>("count");
        for (var i = 0; i < nouns.RowCount; i++)
        {
            if (keys[i] is not { } key || counts[i] is not > 0)
            {
                throw new ShardFormatException(nounsPath, "count", $"row {i} has no noun or a non-positive count");
            }

            tally.AddNoun(key, counts[i]!.Value);
        }

        var rowsPath = Path.Combine(directory, unit + RowsSuffix);
        var rows = await ShardFileReader.ReadTableAsync(rowsPath, ["nouns", "tokens"], cancellationToken).ConfigureAwait(false);
        var rowNouns = rows.Get<int?>("nouns");
        var rowTokens = rows.Get<int?>("tokens");
        for (var i = 0; i < rows.RowCount; i++)
        {
            tally.AddCaption(rowNouns[i] ?? 0, rowTokens[i] ?? 0);
        }

        return tally;
    }

    /// <summary>Merges every complete partial in a folder.</summary>
    /// <param name="directory">Folder of the partials.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The merged tally (equal to counting all units in one pass).</returns>
    public static async Task<NounTally> MergeDirectoryAsync(string directory, CancellationToken cancellationToken = default)
    {
        var merged = new NounTally();
        foreach (var unit in ListUnits(directory))
        {
            merged.Merge(await ReadAsync(directory, unit, cancellationToken).ConfigureAwait(false));
        }

        return merged;
    }

    /// <summary>Lists the units with a complete partial result, in ordinal order.</summary>
    /// <param name="directory">Folder of the partials.</param>
    /// <returns>The unit names.</returns>
    public static IReadOnlyList<string> ListUnits(string directory) =>
        !Directory.Exists(directory)
            ? []
            : Directory.EnumerateFiles(directory, "*" + RowsSuffix)
                .Select(p => Path.GetFileName(p)[..^RowsSuffix.Length])
                .Where(u => IsDone(directory, u))
                .Order(StringComparer.Ordinal)
                .ToList();
}
