using System.Text.Json.Serialization;

namespace DataForge.Core.Manifests;

/// <summary>One input of a dataset: a URL list, a tar shard, a folder, another shard set.</summary>
public sealed class ManifestSource
{
    /// <summary>Gets or sets the kind of input (<c>url-list</c>, <c>sa1b-tar</c>, <c>webdataset</c>, <c>image-folder</c>, <c>generated</c>, <c>shards</c>).</summary>
    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "";

    /// <summary>Gets or sets where the input is (path or URL).</summary>
    [JsonPropertyName("uri")]
    public string Uri { get; set; } = "";

    /// <summary>Gets or sets the input's format, when it has one (<c>parquet</c>, <c>csv.gz</c>, …).</summary>
    [JsonPropertyName("format")]
    public string? Format { get; set; }

    /// <summary>Gets or sets the number of input rows read from it, when known.</summary>
    [JsonPropertyName("rows")]
    public long? Rows { get; set; }

    /// <summary>Gets or sets the sha256 of the input file, when it is a single file.</summary>
    [JsonPropertyName("sha256")]
    public string? Sha256 { get; set; }
}
