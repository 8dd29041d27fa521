using DataForge.Core.Shards;

namespace DataForge.Ingest.Bench;

/// <summary>
/// Checks a shard folder written by several workers against its URL list: every URL present exactly once, every key
/// distinct, no shard left unfinished and no temporary left behind. Prints one line and returns the exit code.
/// </summary>
internal static class WorkerRunCheck
{
    public static async Task<int> RunAsync(string output, string urlList)
    {
        var shards = new ShardSet(output);
        var copies = new Dictionary<string, int>(StringComparer.Ordinal);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        long rows = 0, successes = 0, duplicateKeys = 0;
        foreach (var id in shards.ListDoneShards())
        {
            var table = await ShardFileReader.ReadTableAsync(shards.DataPath(id), [ShardColumns.Url, ShardColumns.Key, ShardColumns.Status]);
            var urls = table.Get<string>(ShardColumns.Url);
            var rowKeys = table.Get<string>(ShardColumns.Key);
            var statuses = table.Get<string>(ShardColumns.Status);
            for (var row = 0; row < table.RowCount; row++)
            {
                rows++;
                successes += statuses[row] == RowStatus.Success ? 1 : 0;
                copies[urls[row]!] = copies.GetValueOrDefault(urls[row]!) + 1;
                duplicateKeys += keys.Add(rowKeys[row]!) ? 0 : 1;
            }
        }

        var expected = await File.ReadAllLinesAsync(urlList);
        var missing = expected.Count(u => !copies.ContainsKey(u));
        var repeated = copies.Count(p => p.Value > 1);
        var unfinished = shards.ListDataShards().Count - shards.ListDoneShards().Count;
        var temporaries = Directory.EnumerateFiles(output, "*" + ShardNaming.TemporaryMarker + "*").Count();
        var ok = missing == 0 && repeated == 0 && duplicateKeys == 0 && rows == expected.Length && unfinished == 0 && temporaries == 0;
        Console.WriteLine(
            $"check: {rows} rows for {expected.Length} URLs, {successes} successes; missing {missing}, repeated {repeated}, duplicate keys {duplicateKeys}, "
            + $"unfinished shards {unfinished}, temporaries {temporaries}: {(ok ? "every row present exactly once" : "FAILED")}");
        return ok ? 0 : 1;
    }
}
