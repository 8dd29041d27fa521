using DataForge.Core.Errors;
using DataForge.Core.Shards;

namespace DataForge.Trainer.Training;

/// <summary>
/// What streaming needs to plan an epoch without holding features: for every done feature shard, the first row of
/// each row group and each row's aspect bucket (−1 for a row that is not a usable sample). Built from the light
/// <c>status</c> and <c>vae_shape</c> columns only: two bytes per row.
/// </summary>
public sealed class FeatureShardIndex
{
    private FeatureShardIndex(IReadOnlyList<ShardEntry> shards, IReadOnlyList<(int C, int H, int W)> buckets)
    {
        Shards = shards;
        Buckets = buckets;
    }

    /// <summary>Gets the done shards, in id order.</summary>
    public IReadOnlyList<ShardEntry> Shards { get; }

    /// <summary>Gets the latent shape of each bucket id.</summary>
    public IReadOnlyList<(int C, int H, int W)> Buckets { get; }

    /// <summary>Gets the number of usable samples.</summary>
    public long UsableRows => Shards.Sum(s => s.Buckets.Count(b => b >= 0));

    /// <summary>Indexes a feature shard folder.</summary>
    /// <param name="directory">The folder.</param>
    /// <param name="cancellationToken">Cancels indexing.</param>
    /// <returns>The index.</returns>
    /// <exception cref="DataForgeException">No done shard with usable rows, or a shard lacks a feature column.</exception>
    public static async Task<FeatureShardIndex> BuildAsync(string directory, CancellationToken cancellationToken = default)
    {
        var set = new ShardSet(directory);
        var shards = new List<ShardEntry>();
        var bucketIds = new Dictionary<(int, int, int), short>();
        foreach (var id in set.ListDoneShards())
        {
            var path = set.DataPath(id);
            await using var reader = await ShardFileReader.OpenAsync(path, cancellationToken).ConfigureAwait(false);
            var missing = FeatureShardDataset.RequiredColumns.Where(c => !reader.HasColumn(c)).ToList();
            if (missing.Count > 0)
            {
                throw new DataForgeException($"{path}: not a feature shard; missing {string.Join(", ", missing)} (run 'dataforge extract-features' first)");
            }

            var starts = new int[reader.RowGroupCount + 1];
            var buckets = new List<short>();
            for (var group = 0; group < reader.RowGroupCount; group++)
            {
                var table = await reader.ReadRowGroupAsync(group, [ShardColumns.Status, ShardColumns.VaeShape], cancellationToken).ConfigureAwait(false);
                var status = table.Get<string>(ShardColumns.Status);
                var shape = table.Get<string>(ShardColumns.VaeShape);
                for (var row = 0; row < table.RowCount; row++)
                {
                    if (!FeatureRows.IsUsable(status[row], shape[row]))
                    {
                        buckets.Add(-1);
                        continue;
                    }

                    var key = FeatureRows.ParseShape(shape[row]!);
                    if (!bucketIds.TryGetValue(key, out var bucket))
                    {
                        bucketIds[key] = bucket = (short)bucketIds.Count;
                    }

                    buckets.Add(bucket);
                }

                starts[group + 1] = buckets.Count;
            }

            shards.Add(new ShardEntry(id, path, starts, [.. buckets]));
        }

        var index = new FeatureShardIndex(shards, [.. bucketIds.OrderBy(p => p.Value).Select(p => p.Key)]);
        if (index.UsableRows == 0)
        {
            throw new DataForgeException($"{directory}: no done feature shard with successful rows (run 'dataforge extract-features' first)");
        }

        return index;
    }

    /// <summary>One indexed shard.</summary>
    /// <param name="Id">Shard id.</param>
    /// <param name="Path">Data file.</param>
    /// <param name="RowGroupStarts">First row of each row group, then the row count.</param>
    /// <param name="Buckets">Bucket per row (−1: not a sample).</param>
    public sealed record ShardEntry(int Id, string Path, int[] RowGroupStarts, short[] Buckets)
    {
        /// <summary>The row group holding a row.</summary>
        /// <param name="row">Row within the shard.</param>
        /// <returns>(row group, offset within it).</returns>
        public (int Group, int Offset) Locate(int row)
        {
            var group = Array.BinarySearch(RowGroupStarts, row);
            group = group >= 0 ? group : ~group - 1;
            while (group + 1 < RowGroupStarts.Length && RowGroupStarts[group + 1] <= row)
            {
                group++; // empty row groups share a start
            }

            return (group, row - RowGroupStarts[group]);
        }
    }
}
