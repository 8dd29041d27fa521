using DataForge.Core.Errors;
using DataForge.Core.Shards;

namespace DataForge.NounStats.Inputs;

/// <summary>Reads the caption column (and the status columns, where present) of one Parquet file as one unit.</summary>
internal static class ParquetCaptionReader
{
    /// <summary>Reads a file.</summary>
    /// <param name="path">The Parquet file.</param>
    /// <param name="column">The caption column.</param>
    /// <param name="unit">The unit name.</param>
    /// <param name="includeFailedRows">Count rows whose status is not success.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The batch.</returns>
    /// <exception cref="OptionsValidationException">The file has no string column of that name (a wrong <c>--caption-column</c>).</exception>
    public static async Task<CaptionBatch> ReadAsync(string path, string column, string unit, bool includeFailedRows, CancellationToken cancellationToken)
    {
        await using var reader = await ShardFileReader.OpenAsync(path, cancellationToken).ConfigureAwait(false);
        var spec = reader.Schema.FirstOrDefault(s => s.Name == column);
        if (spec is null || spec.Type != ShardColumnType.String)
        {
            var what = spec is null ? "has no column" : $"has column '{column}' as {spec.Type}, not a string column";
            throw new OptionsValidationException(
                "--caption-column",
                $"{path} {(spec is null ? $"{what} '{column}'" : what)}; its columns are {string.Join(", ", reader.Schema.Select(s => s.Name))}");
        }

        var statusColumns = RowStatusFilter.StatusFields
            .Where(f => reader.Schema.Any(s => s.Name == f && s.Type == ShardColumnType.String))
            .ToArray();
        var table = await reader.ReadAllAsync([.. new[] { column }.Concat(statusColumns).Distinct(StringComparer.Ordinal)], cancellationToken).ConfigureAwait(false);
        var captions = RowStatusFilter.Apply(
            table.Get<string>(column),
            statusColumns.Contains(ShardColumns.Status) ? table.Get<string>(ShardColumns.Status) : null,
            statusColumns.Contains(ShardColumns.CaptionStatus) ? table.Get<string>(ShardColumns.CaptionStatus) : null,
            includeFailedRows,
            out var leftOut);
        return new CaptionBatch(unit, captions, leftOut);
    }
}
