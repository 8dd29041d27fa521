using DataForge.Core.Shards;

namespace DataForge.NounStats.Tests;

/// <summary>Writes caption-only shards (optionally with status columns) for NounStats tests.</summary>
internal static class CaptionShards
{
    public static async Task WriteAsync(ShardSet shards, int id, string?[] captions, bool done = true) =>
        await WriteAsync(shards, id, [ShardColumn.Of("caption", captions)], done);

    public static async Task WriteAsync(ShardSet shards, int id, ShardColumn[] columns, bool done = true)
    {
        await ShardFileWriter.WriteTableAsync(shards.DataPath(id), new ShardTable(columns));
        if (done)
        {
            await shards.MarkDoneAsync(id, new ShardStats());
        }
    }
}
