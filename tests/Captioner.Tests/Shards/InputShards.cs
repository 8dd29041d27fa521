using DataForge.Core.Shards;

namespace DataForge.Captioner.Tests.Shards;

/// <summary>Writes small image shards (with done-markers) in the ingest contract's shape.</summary>
internal static class InputShards
{
    public sealed record Row(string Key, string Status, byte[]? Jpg, string? Caption = null);

    public static async Task WriteAsync(string directory, int shardId, IReadOnlyList<Row> rows)
    {
        var set = new ShardSet(directory);
        var table = new ShardTable(
        [
            ShardColumn.Of(ShardColumns.Key, rows.Select(r => (string?)r.Key).ToArray()),
            ShardColumn.Of(ShardColumns.Url, rows.Select(r => (string?)$"http://example.invalid/{r.Key}.jpg").ToArray()),
            ShardColumn.Of(ShardColumns.Caption, rows.Select(r => r.Caption).ToArray()),
            ShardColumn.Of(ShardColumns.Status, rows.Select(r => (string?)r.Status).ToArray()),
            ShardColumn.Of(ShardColumns.ErrorMessage, rows.Select(r => r.Status == RowStatus.Success ? null : "HTTP 404").ToArray()),
            ShardColumn.Of(ShardColumns.Width, rows.Select(r => (int?)(r.Jpg is null ? null : 40)).ToArray()),
            ShardColumn.Of("aesthetic_score", rows.Select((r, i) => (double?)(i + 0.5)).ToArray()),
            ShardColumn.Of(ShardColumns.Jpg, rows.Select(r => r.Jpg).ToArray()),
        ]);
        await ShardFileWriter.WriteTableAsync(set.DataPath(shardId), table);
        var stats = new ShardStats { Stage = "ingest" };
        foreach (var row in rows)
        {
            stats.CountRow(row.Status, null);
        }

        await set.MarkDoneAsync(shardId, stats);
    }
}
