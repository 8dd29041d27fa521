using DataForge.Core.Errors;
using DataForge.Core.Shards;

namespace DataForge.Cli.Experiment;

/// <summary>The experiment's training runs: which caption column each trains on.</summary>
public static class ExperimentRuns
{
    /// <summary>The column holding each scene's gold dense caption, written from its scene graph at generation and
    /// carried through ingest as a passthrough column, so it reaches extract-features like the other two.</summary>
    public const string GoldCaptionColumn = "gold_caption";

    /// <summary>The run names in report order.</summary>
    public static IReadOnlyList<string> All { get; } = ["alt", "dense", "gold"];

    /// <summary>The caption column a run trains on.</summary>
    /// <param name="run">A name from <see cref="All"/>.</param>
    /// <returns>The column.</returns>
    public static string Column(string run) => run switch
    {
        "alt" => ShardColumns.Caption,
        "dense" => ShardColumns.DenseCaption,
        "gold" => GoldCaptionColumn,
        _ => throw new OptionsValidationException("--runs", $"unknown run '{run}'; use alt, dense, gold"),
    };

    /// <summary>Checks a run selection: known names, each once, at least one.</summary>
    /// <param name="runs">The selection.</param>
    /// <exception cref="OptionsValidationException">The selection is empty, repeats a run or names an unknown one.</exception>
    public static void Validate(IList<string> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        if (runs.Count == 0 || runs.Distinct(StringComparer.Ordinal).Count() != runs.Count)
        {
            throw new OptionsValidationException("--runs", $"must name each of alt, dense, gold at most once and at least one, got '{string.Join(",", runs)}'");
        }

        foreach (var run in runs)
        {
            _ = Column(run);
        }
    }

    /// <summary>Orders a selection as <see cref="All"/> does, so reports read alike whatever order was typed.</summary>
    /// <param name="runs">The selection.</param>
    /// <returns>The ordered runs.</returns>
    public static IReadOnlyList<string> Ordered(IEnumerable<string> runs) => [.. All.Where(runs.Contains)];
}
