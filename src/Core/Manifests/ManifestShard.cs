using System.Text.Json.Serialization;

namespace DataForge.Core.Manifests;

/// <summary>One done shard as a manifest records it.</summary>
public sealed class ManifestShard
{
    /// <summary>Gets or sets the data file name, e.g. <c>00000.parquet</c>.</summary>
    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    /// <summary>Gets or sets the number of rows.</summary>
    [JsonPropertyName("rows")]
    public long Rows { get; set; }

    /// <summary>Gets or sets the number of rows with status <c>success</c>.</summary>
    [JsonPropertyName("successes")]
    public long Successes { get; set; }

    /// <summary>Gets or sets the data file's size in bytes.</summary>
    [JsonPropertyName("bytes")]
    public long Bytes { get; set; }

    /// <summary>Gets or sets the data file's hex sha256.</summary>
    [JsonPropertyName("sha256")]
    public string Sha256 { get; set; } = "";

    /// <summary>
    /// Gets or sets the parameters this shard was made with where they differ from its stage's
    /// <see cref="ManifestStage.Parameters"/> (a shard kept from an earlier run with other options), or
    /// <see langword="null"/> when it was made with exactly the stage's parameters.
    /// </summary>
    [JsonPropertyName("parameters")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SortedDictionary<string, string?>? Parameters { get; set; }
}
