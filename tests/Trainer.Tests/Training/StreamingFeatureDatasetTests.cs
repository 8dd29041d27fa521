using DataForge.TestUtils;
using DataForge.Trainer.Model;
using DataForge.Trainer.Runtime;
using DataForge.Trainer.Training;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataForge.Trainer.Tests.Training;

[Collection(BitExactCollection.Name)]
public sealed class StreamingFeatureDatasetTests
{
    public StreamingFeatureDatasetTests() => TorchRuntime.EnsureLoaded();

    // The rows of each batch, by the row number written into the first latent value.
    private static List<int[]> Rows(IEnumerable<TrainingBatch> batches, int take = int.MaxValue) =>
        [.. batches.Take(take).Select(b =>
        {
            using (b)
            {
                return Enumerable.Range(0, (int)b.Mean.shape[0]).Select(i => (int)b.Mean[i].flatten()[0].item<float>()).ToArray();
            }
        })];

    [Fact]
    public async Task Epoch_CoversUsableRowsOnceInSameShapeBatchesMixingShards()
    {
        using var dir = new TempDirectory();
        await FeatureShardFixtures.WriteAsync(dir.Path, shards: 4, rows: 30, rowGroup: 8, twoBuckets: true);
        var index = await FeatureShardIndex.BuildAsync(dir.Path);
        var data = new StreamingFeatureDataset(index, 8, 32, batchSize: 3, seed: 1, shuffleBuffer: 40, prefetchBatches: 2);
        var batches = new List<(int[] Rows, long Width)>();
        foreach (var batch in data.Epoch(0, 0, CancellationToken.None))
        {
            using (batch)
            {
                batches.Add(([.. Enumerable.Range(0, 3).Select(i => (int)batch.Mean[i].flatten()[0].item<float>())], batch.Mean.shape[3]));
            }
        }

        var all = batches.SelectMany(b => b.Rows).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.DoesNotContain(all, r => r % 30 % 7 == 3); // failed rows are never trained on
        Assert.All(batches, b => Assert.All(b.Rows, r => Assert.Equal(r % 30 % 2 == 1 ? 6 : 8, b.Width)));
        Assert.Contains(batches, b => b.Rows.Select(r => r / 30).Distinct().Count() > 1);
        // 4 × 30 rows, 4 × 4 failed (rows 3, 10, 17, 24), 104 usable; at most 2 per bucket left over.
        Assert.InRange(all.Count, 104 - 4, 104);
        Assert.Equal(104, index.UsableRows);

        // Decoded samples held at once: one buffer (40) plus at most batch − 1 leftovers per bucket (2 × 2), never the 104.
        Assert.InRange(data.PeakHeldSamples, 3, 44);

        Assert.NotEqual(Rows(data.Epoch(1, 0, CancellationToken.None)), batches.Select(b => b.Rows).ToList());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(13)]
    public async Task Epoch_ResumedAtABatch_GivesTheRemainingBatchesOfTheUninterruptedEpoch(int skip)
    {
        using var dir = new TempDirectory();
        await FeatureShardFixtures.WriteAsync(dir.Path, shards: 3, rows: 25, rowGroup: 6, twoBuckets: true);
        var data = new StreamingFeatureDataset(await FeatureShardIndex.BuildAsync(dir.Path), 8, 32, batchSize: 2, seed: 9, shuffleBuffer: 16, prefetchBatches: 3);
        var straight = Rows(data.Epoch(2, 0, CancellationToken.None));
        var resumed = Rows(data.Epoch(2, skip, CancellationToken.None));
        Assert.True(straight.Count > 20);
        Assert.Equal(straight.Skip(skip), resumed);
    }

    [Fact]
    public async Task Train_CancelledAfterStep7_CheckpointsThereAndResumesToTheUninterruptedLosses()
    {
        using var dir = new TempDirectory();
        await FeatureShardFixtures.WriteAsync(dir.Combine("features"), shards: 3, rows: 12, rowGroup: 5, twoBuckets: false);
        var index = await FeatureShardIndex.BuildAsync(dir.Combine("features"));
        TrainOptions Options(string run) => new()
        {
            Model = PixArtConfig.Tiny, OutputDirectory = run, LearningRate = 1e-3, WarmupSteps = 2, GradientClip = 1.0,
            BatchSize = 2, EmaRate = 0.9, MaxSteps = 10, CheckpointEvery = 5, Seed = 4,
        };
        StreamingFeatureDataset Data() => new(index, 8, 32, batchSize: 2, seed: 4, shuffleBuffer: 7, prefetchBatches: 2);

        // 10 steps of 2 samples over 27 usable rows: the run crosses an epoch boundary.
        var straight = new PixArtTrainer(Options(dir.Combine("straight")), NullLogger.Instance).Run(Data());

        using var kill = new CancellationTokenSource();
        var progress = new SynchronousProgress(p => { if (p.Completed == 7) kill.Cancel(); });
        Assert.ThrowsAny<OperationCanceledException>(() => new PixArtTrainer(Options(dir.Combine("killed")), NullLogger.Instance).Run(Data(), progress, kill.Token));
        var resumed = new PixArtTrainer(Options(dir.Combine("killed")), NullLogger.Instance).Run(Data());

        // A cancelled run checkpoints the step it finished (issue #19), mid-epoch and off the checkpoint_every grid,
        // so the streamed data cursor must resume there exactly.
        Assert.Equal(8, resumed.Steps[0].Step);
        Assert.Equal(straight.Steps.Skip(7).Select(s => s.Loss), resumed.Steps.Select(s => s.Loss));
        Assert.Equal(straight.Steps.Skip(7).Select(s => s.GradNorm), resumed.Steps.Select(s => s.GradNorm));
    }

    [Fact]
    public async Task Resume_WithOtherDataOrStreamingSettings_IsRefused()
    {
        using var dir = new TempDirectory();
        await FeatureShardFixtures.WriteAsync(dir.Combine("features"), shards: 2, rows: 12, rowGroup: 5, twoBuckets: false);
        var options = new TrainOptions
        {
            Model = PixArtConfig.Tiny, OutputDirectory = dir.Combine("run"), LearningRate = 1e-3, WarmupSteps = 1,
            BatchSize = 2, MaxSteps = 2, CheckpointEvery = 2, Seed = 4,
        };
        var index = await FeatureShardIndex.BuildAsync(dir.Combine("features"));
        new PixArtTrainer(options, NullLogger.Instance).Run(new StreamingFeatureDataset(index, 8, 32, 2, 4, shuffleBuffer: 7));
        options.MaxSteps = 4;

        // Another shuffle buffer would change every later batch: refused, naming the setting.
        var ex = Assert.Throws<Core.Errors.OptionsValidationException>(() =>
            new PixArtTrainer(options, NullLogger.Instance).Run(new StreamingFeatureDataset(index, 8, 32, 2, 4, shuffleBuffer: 8)));
        Assert.Contains("--shuffle-buffer", ex.Message, StringComparison.Ordinal);

        // A shard added to the folder likewise.
        await FeatureShardFixtures.WriteAsync(dir.Combine("features"), shards: 3, rows: 12, rowGroup: 5, twoBuckets: false);
        var grown = await FeatureShardIndex.BuildAsync(dir.Combine("features"));
        Assert.Throws<Core.Errors.OptionsValidationException>(() =>
            new PixArtTrainer(options, NullLogger.Instance).Run(new StreamingFeatureDataset(grown, 8, 32, 2, 4, shuffleBuffer: 7)));

        // The same data and settings resume.
        Assert.Equal(3, new PixArtTrainer(options, NullLogger.Instance).Run(new StreamingFeatureDataset(index, 8, 32, 2, 4, shuffleBuffer: 7)).Steps[0].Step);
    }

    private sealed class SynchronousProgress(Action<Core.Progress.StageProgress> report) : IProgress<Core.Progress.StageProgress>
    {
        public void Report(Core.Progress.StageProgress value) => report(value);
    }
}
