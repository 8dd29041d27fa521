using DataForge.Core.Shards;

namespace DataForge.Ingest.Inputs;

/// <summary>
/// The columns an input brings to the output: <see cref="Leading"/> go first (img2dataset order:
/// passthrough columns, <c>caption</c>, <c>url</c>), <see cref="Trailing"/> go after the contract's columns
/// (source-specific ones such as SA-1B's <c>image_id</c>).
/// </summary>
/// <param name="Leading">Columns before the contract's.</param>
/// <param name="Trailing">Columns after the contract's.</param>
internal sealed record InputSchema(IReadOnlyList<ShardColumnSpec> Leading, IReadOnlyList<ShardColumnSpec> Trailing);
