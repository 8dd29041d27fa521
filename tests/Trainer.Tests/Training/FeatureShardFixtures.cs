using System.Runtime.InteropServices;
using DataForge.Core.Shards;

namespace DataForge.Trainer.Tests.Training;

/// <summary>Feature shards on disk shaped for <see cref="Model.PixArtConfig.Tiny"/> (8 tokens × 32 channels).</summary>
internal static class FeatureShardFixtures
{
    /// <summary>
    /// Writes <paramref name="shards"/> done shards of <paramref name="rows"/> rows in row groups of
    /// <paramref name="rowGroup"/>. Every 7th row failed; rows alternate between 8×8 and 8×6 latents when
    /// <paramref name="twoBuckets"/>. Each row's first latent value is its global number, so tests can tell rows apart.
    /// </summary>
    public static async Task WriteAsync(string directory, int shards, int rows, int rowGroup, bool twoBuckets, int seed = 5)
    {
        var set = new ShardSet(directory);
        var random = new Random(seed);
        for (var shard = 0; shard < shards; shard++)
        {
            var shapes = Enumerable.Range(0, rows).Select(r => twoBuckets && r % 2 == 1 ? (4, 8, 6) : (4, 8, 8)).ToArray();
            bool Failed(int r) => r % 7 == 3;
            byte[] Floats(float[] values) => MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
            float[] Latent(int r, double scale)
            {
                var (c, h, w) = shapes[r];
                var values = Enumerable.Range(0, c * h * w).Select(_ => (float)(random.NextDouble() * scale)).ToArray();
                values[0] = (shard * rows) + r;
                return values;
            }

            var table = new ShardTable(
            [
                ShardColumn.Of(ShardColumns.Key, Enumerable.Range(0, rows).Select(r => (string?)SampleKey.Format(shard, r, 10_000)).ToArray()),
                ShardColumn.Of(ShardColumns.Status, Enumerable.Range(0, rows).Select(r => (string?)(Failed(r) ? RowStatus.Failed : RowStatus.Success)).ToArray()),
                ShardColumn.Of(ShardColumns.VaeMean, Enumerable.Range(0, rows).Select(r => Failed(r) ? null : Floats(Latent(r, 4))).ToArray()),
                ShardColumn.Of(ShardColumns.VaeStd, Enumerable.Range(0, rows).Select(r => Failed(r) ? null : Floats(Latent(r, 0.1))).ToArray()),
                ShardColumn.Of(ShardColumns.VaeShape, Enumerable.Range(0, rows).Select(r => (string?)$"{shapes[r].Item1},{shapes[r].Item2},{shapes[r].Item3}").ToArray()),
                ShardColumn.Of(ShardColumns.T5Features, Enumerable.Range(0, rows).Select(r => Failed(r) ? null : Floats([.. Enumerable.Range(0, 8 * 32).Select(_ => (float)random.NextDouble())])).ToArray()),
                ShardColumn.Of(ShardColumns.T5Mask, Enumerable.Range(0, rows).Select(r => (byte[]?)[1, 1, 1, 1, 1, 0, 0, 0]).ToArray()),
                ShardColumn.Of(ShardColumns.OriginalWidth, Enumerable.Range(0, rows).Select(r => (int?)(shapes[r].Item3 * 8)).ToArray()),
                ShardColumn.Of(ShardColumns.OriginalHeight, Enumerable.Range(0, rows).Select(r => (int?)(shapes[r].Item2 * 8)).ToArray()),
            ]);
            await ShardFileWriter.WriteTableAsync(set.DataPath(shard), table, rowGroup);
            await set.MarkDoneAsync(shard, new ShardStats { Stage = "extract-features", Count = rows });
        }
    }
}
