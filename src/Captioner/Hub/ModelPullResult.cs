namespace DataForge.Captioner.Hub;

/// <summary>What <see cref="HubModelPuller"/> fetched.</summary>
/// <param name="Directory">The local model folder.</param>
/// <param name="Commit">The commit the files were fetched at.</param>
/// <param name="Downloaded">Files transferred (fully or by resuming) in this run.</param>
/// <param name="AlreadyPresent">Files already present and verified.</param>
/// <param name="Bytes">Bytes transferred in this run.</param>
public sealed record ModelPullResult(string Directory, string Commit, IReadOnlyList<string> Downloaded, IReadOnlyList<string> AlreadyPresent, long Bytes);
