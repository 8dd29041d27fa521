namespace DataForge.NounStats.Tagging;

/// <summary>What <see cref="TaggerTrainer.TrainAsync"/> produced.</summary>
/// <param name="ModelBytes">The serialized model (load with <see cref="PosTagger.Load"/>).</param>
/// <param name="Iterations">The pass kept (best dev UPOS accuracy).</param>
/// <param name="DevUposAccuracies">Dev UPOS accuracy after each pass, in percent.</param>
/// <param name="Description">The training record stored in the model.</param>
public sealed record TaggerTrainingResult(byte[] ModelBytes, int Iterations, IReadOnlyList<double> DevUposAccuracies, string Description);
