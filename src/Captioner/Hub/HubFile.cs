namespace DataForge.Captioner.Hub;

/// <summary>One file of a hub repository as its API lists it.</summary>
/// <param name="Path">Path in the repository.</param>
/// <param name="Size">Size in bytes, when listed.</param>
/// <param name="Sha256">The LFS object's sha256, for LFS files.</param>
/// <param name="GitBlobId">The git blob id (sha1 of <c>blob {size}\0{content}</c>), for files stored in git.</param>
public sealed record HubFile(string Path, long? Size, string? Sha256, string? GitBlobId);
