using System.Text.Json.Serialization;

namespace DataForge.Core.Manifests;

/// <summary>
/// A dataset manifest (<c>data-manifests/&lt;name&gt;.manifest.json</c>, schema in
/// <c>data-manifests/dataset-manifest.schema.json</c>): what a shard set is, where it came from, which stages made
/// it with which parameters, and a checksum per shard so a copy can be verified.
/// </summary>
public sealed class DatasetManifest
{
    /// <summary>The manifest format version this code writes.</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary>Gets or sets the manifest format version.</summary>
    [JsonPropertyName("schema_version")]
    public int SchemaVersion { get; set; } = CurrentSchemaVersion;

    /// <summary>Gets or sets the dataset name; also the manifest's file stem.</summary>
    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    /// <summary>Gets or sets a free-text description.</summary>
    [JsonPropertyName("description")]
    public string? Description { get; set; }

    /// <summary>Gets or sets when the manifest was written (UTC).</summary>
    [JsonPropertyName("created_at")]
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Gets or sets the manifest this dataset was derived from (lineage), or <see langword="null"/> for a root dataset.</summary>
    [JsonPropertyName("derived_from")]
    public ManifestReference? DerivedFrom { get; set; }

    /// <summary>Gets or sets the inputs the data came from.</summary>
    [JsonPropertyName("sources")]
    public List<ManifestSource> Sources { get; set; } = [];

    /// <summary>Gets or sets the stages run to produce this shard set, in order.</summary>
    [JsonPropertyName("stages")]
    public List<ManifestStage> Stages { get; set; } = [];

    /// <summary>
    /// Gets or sets the folder holding the shards. <see cref="ManifestStore.SaveAsync"/> stores it relative to the
    /// manifest's folder, so a dataset copied as a whole describes the copy; resolve it with
    /// <see cref="ManifestStore.ShardDirectoryOf"/>.
    /// </summary>
    [JsonPropertyName("shard_directory")]
    public string ShardDirectory { get; set; } = "";

    /// <summary>Gets or sets one entry per done shard, in shard order.</summary>
    [JsonPropertyName("shards")]
    public List<ManifestShard> Shards { get; set; } = [];

    /// <summary>Gets the total rows over all shards.</summary>
    [JsonPropertyName("total_rows")]
    public long TotalRows => Shards.Sum(s => s.Rows);

    /// <summary>Gets the total successful rows over all shards.</summary>
    [JsonPropertyName("total_successes")]
    public long TotalSuccesses => Shards.Sum(s => s.Successes);
}
