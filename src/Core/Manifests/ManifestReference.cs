using System.Text.Json.Serialization;

namespace DataForge.Core.Manifests;

/// <summary>Points at the manifest a dataset was derived from.</summary>
public sealed class ManifestReference
{
    /// <summary>Gets or sets the parent dataset's name.</summary>
    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    /// <summary>
    /// Gets or sets the parent manifest's path, stored relative to this manifest's folder (resolve it with
    /// <see cref="ManifestStore.ParentPathOf"/>).
    /// </summary>
    [JsonPropertyName("path")]
    public string Path { get; set; } = "";

    /// <summary>Gets or sets the sha256 of the parent manifest file, so a later edit of it is detectable.</summary>
    [JsonPropertyName("sha256")]
    public string Sha256 { get; set; } = "";
}
