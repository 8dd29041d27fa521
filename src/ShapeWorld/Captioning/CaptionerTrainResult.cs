namespace DataForge.ShapeWorld.Captioning;

/// <summary>What a training run did.</summary>
/// <param name="ModelDirectory">The exported model folder.</param>
/// <param name="StartStep">The step the run resumed from (0 for a fresh run).</param>
/// <param name="Steps">The steps completed in total.</param>
/// <param name="FinalLoss">Mean caption cross-entropy (nats per word) over the last steps.</param>
/// <param name="FirstLoss">The first step's loss in this invocation (NaN when it ran no step).</param>
/// <param name="Seconds">Training seconds over all invocations of the run.</param>
/// <param name="CpuSeconds">Process CPU seconds (all threads) over all invocations of the run.</param>
/// <param name="Scenes">Images seen in total (steps × batch size).</param>
/// <param name="VocabularySize">Words in the vocabulary.</param>
public sealed record CaptionerTrainResult(
    string ModelDirectory, int StartStep, int Steps, double FinalLoss, double FirstLoss, double Seconds, double CpuSeconds, long Scenes, int VocabularySize);
