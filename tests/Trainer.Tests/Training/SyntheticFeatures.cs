using DataForge.Trainer.Training;

namespace DataForge.Trainer.Tests.Training;

/// <summary>Deterministic random feature samples shaped for <see cref="Model.PixArtConfig.Tiny"/>.</summary>
internal static class SyntheticFeatures
{
    public static InMemoryTrainingDataset Create(int count, int seed, Func<int, bool>? poison = null, int side = 8)
    {
        var random = new Random(seed);
        var samples = new List<TrainingSample>();
        for (var i = 0; i < count; i++)
        {
            var mean = Enumerable.Range(0, 4 * side * side).Select(_ => (float)((random.NextDouble() * 2) - 1) * 4).ToArray();
            var std = Enumerable.Repeat(0.05f, mean.Length).ToArray();
            var captions = Enumerable.Range(0, 8 * 32).Select(_ => (float)random.NextDouble()).ToArray();
            if (poison?.Invoke(i) == true)
            {
                captions[0] = float.NaN;
            }

            var tokens = 2 + random.Next(6);
            var mask = Enumerable.Range(0, 8).Select(t => t < tokens ? 1f : 0f).ToArray();
            samples.Add(new TrainingSample(mean, std, (4, side, side), captions, mask, side * 8, side * 8));
        }

        return new InMemoryTrainingDataset(samples, 8, 32);
    }
}
