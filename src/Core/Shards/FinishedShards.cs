using DataForge.Core.Errors;

namespace DataForge.Core.Shards;

/// <summary>
/// The finished shards a downstream stage reads. A folder without any is refused up front: pointed at the wrong
/// folder, or at an ingest that never finished, a stage would otherwise report "0 of 0" and exit with success.
/// </summary>
public static class FinishedShards
{
    /// <summary>Lists the done shards of an input folder, refusing a folder that has none.</summary>
    /// <param name="input">The input shard set.</param>
    /// <param name="optionName">The option that named the folder, e.g. <c>--input</c>.</param>
    /// <returns>The done shard ids, ascending; never empty.</returns>
    /// <exception cref="OptionsValidationException">The folder holds no done shard.</exception>
    public static IReadOnlyList<int> Require(ShardSet input, string optionName)
    {
        ArgumentNullException.ThrowIfNull(input);
        var done = input.ListDoneShards();
        if (done.Count > 0)
        {
            return done;
        }

        var unfinished = input.ListDataShards().Count;
        throw new OptionsValidationException(optionName, unfinished > 0
            ? $"no finished shards in {input.Directory}: {unfinished} {ShardNaming.ParquetExtension} files without {ShardNaming.StatsSuffix}"
            : $"no finished shards in {input.Directory}: it holds no NNNNN{ShardNaming.ParquetExtension} shard files");
    }
}
