using DataForge.Core.Shards;

namespace DataForge.NounStats.Tests;

/// <summary>Writes caption-only shards for NounStats tests.</summary>
internal static class CaptionShards
{
    public static async Task WriteAsync(ShardSet shards, int id, string?[] captions, bool done = true)
    {
        await ShardFileWriter.WriteTableAsync(shards.DataPath(id), new ShardTable([ShardColumn.Of("caption", captions)]));
        if (done)
        {
            await shards.MarkDoneAsync(id, new ShardStats());
        }
    }
}
