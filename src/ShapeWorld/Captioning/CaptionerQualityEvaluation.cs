using DataForge.Core.Progress;

namespace DataForge.ShapeWorld.Captioning;

/// <summary>
/// Measures a captioner on held-out shape-world scenes (indices from <see cref="ShapeWorldGenerator.HeldOutStart"/>,
/// which training never reaches): caption each scene, parse the caption back into a scene graph with
/// <see cref="SceneGraphParser"/>, and score it against the scene's own graph with <see cref="CaptionQualityScorer"/>.
/// The captioning itself is passed in, so the command line and the tests run the real Captioner path.
/// </summary>
public static class CaptionerQualityEvaluation
{
    /// <summary>Captions and scores <paramref name="count"/> held-out scenes.</summary>
    /// <param name="seed">Generator seed (the one the model was trained with).</param>
    /// <param name="count">Number of held-out scenes.</param>
    /// <param name="batchSize">Scenes handed to <paramref name="caption"/> at once.</param>
    /// <param name="caption">Captions a batch of scenes, one caption per scene in order.</param>
    /// <param name="progress">Receives a report per batch.</param>
    /// <param name="cancellationToken">Stops between batches.</param>
    /// <returns>The scores and every (scene, caption) pair.</returns>
    public static (CaptionQualityReport Report, IReadOnlyList<(ShapeWorldScene Scene, string Caption)> Captions) Run(
        int seed, int count, int batchSize, Func<IReadOnlyList<ShapeWorldScene>, IReadOnlyList<string>> caption,
        IProgress<StageProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caption);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var generator = new ShapeWorldGenerator(seed);
        var scorer = new CaptionQualityScorer();
        var captions = new List<(ShapeWorldScene, string)>(count);
        for (var start = 0; start < count; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var scenes = Enumerable.Range(start, Math.Min(batchSize, count - start))
                .Select(i => generator.Generate(ShapeWorldGenerator.HeldOutStart + i)).ToList();
            var texts = caption(scenes);
            if (texts.Count != scenes.Count)
            {
                throw new InvalidOperationException($"the captioner returned {texts.Count} captions for {scenes.Count} scenes");
            }

            for (var i = 0; i < scenes.Count; i++)
            {
                scorer.Add(scenes[i].Graph, SceneGraphParser.Parse(texts[i]));
                captions.Add((scenes[i], texts[i]));
            }

            progress?.Report(new StageProgress("eval-captioner", "scenes", captions.Count, count));
        }

        return (scorer.Report(), captions);
    }
}
