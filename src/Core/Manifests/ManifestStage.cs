using System.Text.Json.Serialization;

namespace DataForge.Core.Manifests;

/// <summary>One stage run recorded in a manifest, with the exact parameters it ran with.</summary>
public sealed class ManifestStage
{
    /// <summary>Gets or sets the stage name (<c>ingest</c>, <c>caption</c>, <c>nounstats</c>, <c>extract-features</c>, <c>train</c>).</summary>
    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    /// <summary>Gets or sets the version of the assembly that ran the stage.</summary>
    [JsonPropertyName("version")]
    public string Version { get; set; } = "";

    /// <summary>Gets or sets the stage's options, as strings keyed by option name.</summary>
    [JsonPropertyName("parameters")]
    public SortedDictionary<string, string?> Parameters { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Gets or sets when the stage started (UTC).</summary>
    [JsonPropertyName("started_at")]
    public DateTimeOffset StartedAt { get; set; }

    /// <summary>Gets or sets when the stage finished (UTC).</summary>
    [JsonPropertyName("finished_at")]
    public DateTimeOffset FinishedAt { get; set; }
}
