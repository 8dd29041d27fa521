using System.Text.Json;
using DataForge.Core.Errors;
using DataForge.Core.Shards;

namespace DataForge.NounStats.Counting;

/// <summary>
/// Per-unit partial results as Parquet, so shards can be counted in parallel or on many machines and merged:
/// <c>UNIT.nouns.parquet</c> (columns <c>noun</c>, <c>count</c>) and <c>UNIT.rows.parquet</c> (<c>row</c>,
/// <c>nouns</c>, <c>tokens</c>: one row per counted caption), then <c>UNIT.meta.json</c> (<see cref="NounPartialMeta"/>:
/// what the counts were made from), written last: it marks the unit done and is deleted first when a unit is redone.
/// </summary>
public static class NounPartialStore
{
    /// <summary>Suffix of the meta file (the done-marker).</summary>
    public const string MetaSuffix = ".meta.json";

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    /// <summary>Suffix of the noun-count file.</summary>
    public const string NounsSuffix = ".nouns.parquet";

    /// <summary>Suffix of the per-row file.</summary>
    public const string RowsSuffix = ".rows.parquet";

    /// <summary>Writes a unit's partial result atomically.</summary>
    /// <param name="directory">Folder of the partials.</param>
    /// <param name="unit">Unit name (e.g. a shard stem).</param>
    /// <param name="tally">The unit's noun counts.</param>
    /// <param name="rowNouns">Nouns per row, in row order.</param>
    /// <param name="rowTokens">Words per row, in row order.</param>
    /// <param name="meta">What the counts were made from.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when all three files are in place.</returns>
    public static async Task WriteAsync(string directory, string unit, NounTally tally, IReadOnlyList<int> rowNouns, IReadOnlyList<int> rowTokens, NounPartialMeta meta, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tally);
        ArgumentNullException.ThrowIfNull(meta);
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

        // The old meta goes first: a run killed between the files below leaves a unit that is not done, never new
        // counts under an old description.
        File.Delete(Path.Combine(directory, unit + MetaSuffix));
        await ShardFileWriter.WriteTableAsync(Path.Combine(directory, unit + NounsSuffix), nouns, 65_536, cancellationToken).ConfigureAwait(false);
        await ShardFileWriter.WriteTableAsync(Path.Combine(directory, unit + RowsSuffix), rows, 65_536, cancellationToken).ConfigureAwait(false);
        await AtomicFile.WriteAllBytesAsync(Path.Combine(directory, unit + MetaSuffix), JsonSerializer.SerializeToUtf8Bytes(meta, JsonOptions), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads what a unit's partial result was made from.</summary>
    /// <param name="directory">Folder of the partials.</param>
    /// <param name="unit">Unit name.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The meta, or <see langword="null"/> when the unit is not done (or was written before partials carried one).</returns>
    /// <exception cref="ShardFormatException">The meta file is not valid.</exception>
    public static async Task<NounPartialMeta?> TryReadMetaAsync(string directory, string unit, CancellationToken cancellationToken = default)
    {
        if (!IsDone(directory, unit))
        {
            return null;
        }

        var path = Path.Combine(directory, unit + MetaSuffix);
        try
        {
            await using var stream = File.OpenRead(path);
            return await JsonSerializer.DeserializeAsync<NounPartialMeta>(stream, JsonOptions, cancellationToken).ConfigureAwait(false)
                ?? throw new ShardFormatException(path, null, "holds null instead of a partial's description");
        }
        catch (JsonException ex)
        {
            throw new ShardFormatException(path, null, "is not a valid partial description: " + ex.Message, ex);
        }
    }

    /// <summary>Returns whether a unit's partial result is complete.</summary>
    /// <param name="directory">Folder of the partials.</param>
    /// <param name="unit">Unit name.</param>
    /// <returns><see langword="true"/> when all three files exist.</returns>
    public static bool IsDone(string directory, string unit) =>
        File.Exists(Path.Combine(directory, unit + MetaSuffix))
        && File.Exists(Path.Combine(directory, unit + RowsSuffix))
        && File.Exists(Path.Combine(directory, unit + NounsSuffix));

    /// <summary>Reads one unit's partial result back into a tally.</summary>
    /// <param name="directory">Folder of the partials.</param>
    /// <param name="unit">Unit name.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The tally.</returns>
    /// <exception cref="ShardFormatException">A file is missing columns or holds invalid values.</exception>
    public static async Task<NounTally> ReadAsync(string directory, string unit, CancellationToken cancellationToken = default)
    {
        var meta = await TryReadMetaAsync(directory, unit, cancellationToken).ConfigureAwait(false)
            ?? throw new ShardFormatException(Path.Combine(directory, unit + MetaSuffix), null, "is missing: the partial result is not complete");
        var tally = new NounTally();
        tally.AddLeftOutRows(meta.LeftOutRows);
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
            : Directory.EnumerateFiles(directory, "*" + MetaSuffix)
                .Select(p => Path.GetFileName(p)[..^MetaSuffix.Length])
                .Where(u => IsDone(directory, u))
                .Order(StringComparer.Ordinal)
                .ToList();
}
