using System.Globalization;

namespace DataForge.Core.Shards;

/// <summary>
/// Sample keys as img2dataset computes them: <c>shard·10^k + row</c> where <c>10^k</c> is the smallest power of ten
/// that holds <c>samplesPerShard</c> rows, zero-padded to <c>k + shardDigits</c> digits (defaults give
/// <c>000010005</c> for row 5 of shard 1). Keys are therefore unique across a run and sort in shard order.
/// </summary>
public static class SampleKey
{
    /// <summary>Gets <c>k</c>, the number of digits reserved for the row index.</summary>
    /// <param name="samplesPerShard">Maximum rows per shard (≥ 1).</param>
    /// <returns>The digit count.</returns>
    public static int RowDigits(int samplesPerShard)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samplesPerShard, 1);
        var digits = 0;
        long capacity = 1;
        while (capacity < samplesPerShard)
        {
            capacity *= 10;
            digits++;
        }

        return digits;
    }

    /// <summary>Formats the key of one row.</summary>
    /// <param name="shardId">Shard id.</param>
    /// <param name="row">Row index within the shard, below <paramref name="samplesPerShard"/>.</param>
    /// <param name="samplesPerShard">Maximum rows per shard.</param>
    /// <param name="shardDigits">Digits of the shard part.</param>
    /// <returns>The key.</returns>
    public static string Format(int shardId, int row, int samplesPerShard, int shardDigits = ShardNaming.DefaultShardDigits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(shardId);
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, samplesPerShard);
        var rowDigits = RowDigits(samplesPerShard);
        var value = (shardId * Pow10(rowDigits)) + row;
        return value.ToString(CultureInfo.InvariantCulture).PadLeft(rowDigits + shardDigits, '0');
    }

    /// <summary>Splits a key back into its shard id and row index.</summary>
    /// <param name="key">A key produced by <see cref="Format"/>.</param>
    /// <param name="samplesPerShard">The same rows-per-shard value.</param>
    /// <returns>The shard id and row.</returns>
    public static (int ShardId, int Row) Parse(string key, int samplesPerShard)
    {
        ArgumentNullException.ThrowIfNull(key);
        var value = long.Parse(key, NumberStyles.None, CultureInfo.InvariantCulture);
        var scale = Pow10(RowDigits(samplesPerShard));
        return ((int)(value / scale), (int)(value % scale));
    }

    private static long Pow10(int digits)
    {
        long result = 1;
        for (var i = 0; i < digits; i++)
        {
            result *= 10;
        }

        return result;
    }
}
