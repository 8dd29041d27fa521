namespace DataForge.Trainer.Checkpoints;

/// <summary>What an import took from a checkpoint and what it left.</summary>
/// <param name="Source">The checkpoint path.</param>
/// <param name="Format">What the file was read as.</param>
/// <param name="Architecture">The architecture read off the weights.</param>
/// <param name="Loaded">Tensors copied into the model.</param>
/// <param name="KeptInitialisation">Model tensors the file lacks that keep their fresh initialisation (allowed by the policy).</param>
/// <param name="Dropped">File tensors deliberately not used (<c>pos_embed</c>, recomputed for the configured size).</param>
public sealed record ImportReport(string Source, string Format, CheckpointArchitecture Architecture, int Loaded, IReadOnlyList<string> KeptInitialisation, IReadOnlyList<string> Dropped);
