namespace DataForge.Ingest.Inputs;

/// <summary>
/// One input row on its way to the output: the values of the columns it brings (<see cref="InputSchema"/>), where
/// its image comes from, and, for rows that can be decided without fetching anything, their outcome.
/// </summary>
internal sealed class InputRecord
{
    /// <summary>Gets the URL to fetch, or null for rows whose bytes are local.</summary>
    public string? Url { get; init; }

    /// <summary>Gets values of <see cref="InputSchema.Leading"/>, in order.</summary>
    public required object?[] Leading { get; init; }

    /// <summary>Gets values of <see cref="InputSchema.Trailing"/>, in order (empty when the schema has none).</summary>
    public object?[] Trailing { get; init; } = [];

    /// <summary>Gets the hex hash the bytes must have, when the input carries one.</summary>
    public string? ExpectedHash { get; init; }

    /// <summary>Gets a reader of local bytes (tar member, file), or null to download <see cref="Url"/>.</summary>
    public Func<CancellationToken, ValueTask<LocalPayload>>? ReadLocal { get; init; }

    /// <summary>Gets a failure known without fetching (unsafe tar member, truncated tar), or null.</summary>
    public RowOutcome? Preset { get; init; }

    /// <summary>Gets the key to keep (retry-failed mode), or null to number the row in its shard.</summary>
    public string? Key { get; init; }
}
