namespace DataForge.Core.Progress;

/// <summary>
/// A progress report from a long-running stage, delivered through <see cref="IProgress{T}"/>. Stages never draw
/// progress bars themselves; the CLI renders these (items/s, ETA) or logs them when output is not a terminal.
/// </summary>
/// <param name="Stage">Stage name (<c>ingest</c>, <c>caption</c>, …).</param>
/// <param name="Unit">What is counted (<c>rows</c>, <c>images</c>, <c>captions</c>, <c>steps</c>).</param>
/// <param name="Completed">Units done so far in this run.</param>
/// <param name="Total">Units expected in this run, when known.</param>
/// <param name="Detail">Short current state, e.g. the shard being written.</param>
/// <param name="Metrics">Extra live numbers worth showing (success rate, tokens/s, loss), keyed by label.</param>
public sealed record StageProgress(
    string Stage,
    string Unit,
    long Completed,
    long? Total = null,
    string? Detail = null,
    IReadOnlyDictionary<string, double>? Metrics = null);
