using System.Text.Json.Serialization;

namespace DataForge.Core.Shards;

/// <summary>
/// Which input rows a shard holds, recorded in its stats marker so that a rerun can check its plan against the
/// finished shards instead of trusting their ids: a rerun with other row-deciding options (samples per shard, input
/// file, columns) would otherwise skip "done" shards that hold other rows, and lose or duplicate rows silently.
/// </summary>
public sealed class ShardInput
{
    /// <summary>Gets or sets the fingerprint of the input and of every option that decides which rows land in which shard.</summary>
    [JsonPropertyName("fingerprint")]
    public string Fingerprint { get; set; } = "";

    /// <summary>Gets or sets the index, within that input, of the shard's first row.</summary>
    [JsonPropertyName("first_row")]
    public long FirstRow { get; set; }

    /// <summary>Gets or sets the number of input rows the shard holds.</summary>
    [JsonPropertyName("rows")]
    public long Rows { get; set; }

    /// <summary>Gets or sets the fingerprinted values by option name, so a mismatch can name what changed.</summary>
    [JsonPropertyName("parameters")]
    public SortedDictionary<string, string> Parameters { get; set; } = new(StringComparer.Ordinal);
}
