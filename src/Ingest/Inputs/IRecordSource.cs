using DataForge.Core.Manifests;

namespace DataForge.Ingest.Inputs;

/// <summary>A stream of input rows in a fixed order, so shard <c>n</c> always holds the same rows.</summary>
internal interface IRecordSource
{
    /// <summary>Gets the columns the rows bring.</summary>
    InputSchema Schema { get; }

    /// <summary>Gets the manifest entries describing the inputs.</summary>
    IReadOnlyList<ManifestSource> Sources { get; }

    /// <summary>Streams the rows.</summary>
    IAsyncEnumerable<InputRecord> ReadAsync(CancellationToken cancellationToken);
}
