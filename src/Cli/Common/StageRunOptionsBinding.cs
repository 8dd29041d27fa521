using System.CommandLine;
using DataForge.Core.Options;

namespace DataForge.Cli.Common;

/// <summary>
/// The command-line options of <see cref="StageRunOptions"/>, shared by every stage command, each mapped 1:1 onto a
/// property.
/// </summary>
public sealed class StageRunOptionsBinding
{
    private static readonly StageRunOptions Defaults = new();

    private readonly bool _offersParallelismAndSeed;

    /// <summary>Creates the options with a stage-specific default output folder.</summary>
    /// <param name="defaultOutput">Default for <c>--output</c>.</param>
    /// <param name="offersParallelismAndSeed">
    /// Whether the stage uses <c>--parallelism</c> and <c>--seed</c>; a stage that would ignore them does not offer them,
    /// so a user never sets an option that silently does nothing.
    /// </param>
    public StageRunOptionsBinding(string defaultOutput, bool offersParallelismAndSeed = true)
    {
        _offersParallelismAndSeed = offersParallelismAndSeed;
        Output = new Option<string>("--output", "-o")
        {
            Description = "Folder the stage writes its shards to.",
            DefaultValueFactory = _ => defaultOutput,
        };
    }

    /// <summary>Gets <c>--output</c> → <see cref="StageRunOptions.OutputDirectory"/>.</summary>
    public Option<string> Output { get; }

    /// <summary>Gets <c>--shard-index</c> → <see cref="StageRunOptions.ShardIndex"/>.</summary>
    public Option<int?> ShardIndex { get; } = new("--shard-index")
    {
        Description = "This worker's index among --shard-count workers (default: SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX, else 0).",
    };

    /// <summary>Gets <c>--shard-count</c> → <see cref="StageRunOptions.ShardCount"/>.</summary>
    public Option<int?> ShardCount { get; } = new("--shard-count")
    {
        Description = "Number of workers sharing the shards (default: SLURM_ARRAY_TASK_COUNT or DATAFORGE_SHARD_COUNT, else 1).",
    };

    /// <summary>Gets <c>--incremental</c> → <see cref="StageRunOptions.Incremental"/>.</summary>
    public Option<IncrementalMode> Incremental { get; } = new("--incremental")
    {
        Description = "What to do with existing output: Incremental skips done shards, Overwrite starts over, Extend adds new shards after the last.",
        DefaultValueFactory = _ => Defaults.Incremental,
    };

    /// <summary>Gets <c>--parallelism</c> → <see cref="StageRunOptions.Parallelism"/>.</summary>
    public Option<int> Parallelism { get; } = new("--parallelism", "-j")
    {
        Description = "Worker threads.",
        DefaultValueFactory = _ => Defaults.Parallelism,
    };

    /// <summary>Gets <c>--seed</c> → <see cref="StageRunOptions.Seed"/>.</summary>
    public Option<int> Seed { get; } = new("--seed")
    {
        Description = "Random seed for anything stochastic.",
        DefaultValueFactory = _ => Defaults.Seed,
    };

    /// <summary>Gets <c>--manifest-dir</c> → <see cref="StageRunOptions.ManifestDirectory"/>.</summary>
    public Option<string> ManifestDirectory { get; } = new("--manifest-dir")
    {
        Description = "Folder dataset manifests are written to.",
        DefaultValueFactory = _ => Defaults.ManifestDirectory,
    };

    /// <summary>Adds the options to a command.</summary>
    /// <param name="command">The stage command.</param>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Output);
        command.Options.Add(ShardIndex);
        command.Options.Add(ShardCount);
        command.Options.Add(Incremental);
        if (_offersParallelismAndSeed)
        {
            command.Options.Add(Parallelism);
            command.Options.Add(Seed);
        }

        command.Options.Add(ManifestDirectory);
    }

    /// <summary>Reads the options into a <see cref="StageRunOptions"/>.</summary>
    /// <param name="parse">The parse result.</param>
    /// <returns>The options.</returns>
    public StageRunOptions Bind(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return new StageRunOptions
        {
            OutputDirectory = parse.GetValue(Output)!,
            ShardIndex = parse.GetValue(ShardIndex),
            ShardCount = parse.GetValue(ShardCount),
            Incremental = parse.GetValue(Incremental),
            Parallelism = _offersParallelismAndSeed ? parse.GetValue(Parallelism) : Defaults.Parallelism,
            Seed = _offersParallelismAndSeed ? parse.GetValue(Seed) : Defaults.Seed,
            ManifestDirectory = parse.GetValue(ManifestDirectory)!,
        };
    }
}
