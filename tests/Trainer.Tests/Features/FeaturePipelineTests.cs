using DataForge.Core.Imaging;
using DataForge.Core.Shards;
using DataForge.TestUtils;
using DataForge.Trainer.Features;
using DataForge.Trainer.Model;
using DataForge.Trainer.Sampling;
using DataForge.Trainer.Training;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataForge.Trainer.Tests.Features;

public sealed class FeaturePipelineTests
{
    [Fact]
    public void T5Encoder_CountsOnlyCaptionsLongerThanTheTokensAsTruncated()
    {
        using var dir = new TempDirectory();
        var models = TinyDiffusionModelsWriter.Write(dir.Combine("models"));
        using var t5 = new T5TextEncoder(models, tokens: 8);

        // 7 words + </s> fill the 8 tokens exactly; 8 words + </s> lose a word.
        t5.Tokenize(["w1 w2 w3 w4 w5 w6 w7", "w1 w2 w3 w4 w5 w6 w7 w8", "short"]);
        t5.Tokenize([string.Join(' ', Enumerable.Repeat("sea", 30))]);

        Assert.Equal(2, t5.Truncated);
    }

    [Fact]
    public void T5Encoder_CleansTokenizesAppendsEosAndMasksPadding()
    {
        using var dir = new TempDirectory();
        var models = TinyDiffusionModelsWriter.Write(dir.Combine("models"));
        using var t5 = new T5TextEncoder(models, tokens: 8);

        var (ids, mask, cleaned) = t5.Tokenize(["A Red Boat", string.Join(' ', Enumerable.Repeat("sea", 30))]);

        Assert.Equal("a red boat", cleaned[0]);
        Assert.Equal(new long[] { 1, 1, 1, 1, 0, 0, 0, 0 }, mask[..8]);
        Assert.Equal(1L, ids[3]); // </s> after the three words
        Assert.Equal(0L, ids[4]); // <pad>
        Assert.All(mask[8..], m => Assert.Equal(1L, m)); // the long caption fills all 8 …
        Assert.Equal(1L, ids[15]); // … and still ends with </s>
        var (features, _, _) = t5.Encode(["A Red Boat"]);
        Assert.Equal(8 * 32, features.Length);
        Assert.All(features[(4 * 32)..], f => Assert.Equal(0f, f)); // padded positions are masked to zero
        Assert.Contains(features[..(4 * 32)], f => f != 0f);
    }

    [Fact]
    public void Vae_ConstantColour_RoundTripsThroughLatents()
    {
        using var dir = new TempDirectory();
        var models = TinyDiffusionModelsWriter.Write(dir.Combine("models"));
        using var vae = new VaeCodec(models, encoder: true, decoder: true);
        var image = new float[3 * 16 * 16];
        Array.Fill(image, 0.5f, 0, 256);
        Array.Fill(image, -0.5f, 256, 256);

        var (mean, std, shape) = vae.Encode(image, 1, 16, 16);

        Assert.Equal((4, 2, 2), shape);
        Assert.All(mean[..4], v => Assert.Equal(1f, v, 5));
        Assert.All(mean[4..8], v => Assert.Equal(-1f, v, 5));
        Assert.All(std, v => Assert.Equal(Math.Exp(-3), v, 5));
        var (decoded, height, width) = vae.Decode([.. mean.Select(v => (float)(v * VaeCodec.ScaleFactor))], [1, 4, 2, 2]);
        Assert.Equal((16, 16), (height, width));
        Assert.Equal(image, decoded, (a, b) => Math.Abs(a - b) < 1e-5);
    }

    [SharedDataFact]
    public async Task ExtractTrainSample_RealPhotos_EndToEnd()
    {
        using var dir = new TempDirectory();
        var models = TinyDiffusionModelsWriter.Write(dir.Combine("models"));
        var photos = Directory.GetFiles(SharedData.Path("photos", "small"), "*.jpg").Order().Take(5).Select(File.ReadAllBytes).ToList();
        var images = photos.Cast<byte[]?>().Append([1, 2, 3]).Append(null).ToArray();
        var n = images.Length;
        var shards = new ShardSet(dir.Combine("shards"));
        await ShardFileWriter.WriteTableAsync(shards.DataPath(0), new ShardTable(
        [
            ShardColumn.Of(ShardColumns.Key, Enumerable.Range(0, n).Select(i => (string?)SampleKey.Format(0, i, 100)).ToArray()),
            ShardColumn.Of(ShardColumns.Status, Enumerable.Range(0, n).Select(i => (string?)(i == n - 1 ? RowStatus.FailedToDownload : RowStatus.Success)).ToArray()),
            ShardColumn.Of(ShardColumns.Caption, Enumerable.Range(0, n).Select(i => (string?)$"a red house and {i} trees under a blue sky").ToArray()),
            ShardColumn.Of(ShardColumns.Jpg, images),
        ]));
        await shards.MarkDoneAsync(0, new ShardStats());
        var options = new FeatureExtractionOptions { InputDirectory = shards.Directory, ModelDirectory = models.Root, Resolution = 64, Tokens = 8, BatchSize = 2 };
        options.Run.OutputDirectory = dir.Combine("features");
        options.Run.ManifestDirectory = dir.Combine("data-manifests");

        var summary = await new FeatureExtractor(options, NullLogger.Instance).RunAsync();

        Assert.Equal((5L, 1L, 1L), (summary.Extracted, summary.Skipped, summary.Failed));
        var glob = DuckDb.Escape(Path.Combine(options.Run.OutputDirectory, "*.parquet"));
        Assert.Equal(5L, DuckDb.Scalar($"SELECT count(*) FROM read_parquet('{glob}') WHERE status = 'success' AND vae_shape = '4,8,8' AND octet_length(vae_mean) = 4 * 256 AND octet_length(t5_features) = 4 * 8 * 32"));
        Assert.Equal(1L, DuckDb.Scalar($"SELECT count(*) FROM read_parquet('{glob}') WHERE status = 'failed' AND error_message LIKE 'image decoding error%'"));
        Assert.Equal(1L, DuckDb.Scalar($"SELECT count(*) FROM read_parquet('{glob}') WHERE status = 'skipped' AND error_message = 'ingest status is failed_to_download'"));
        Assert.Equal(1, (await new FeatureExtractor(options, NullLogger.Instance).RunAsync()).ShardsAlreadyDone);

        var dataset = await FeatureShardDataset.LoadAsync(options.Run.OutputDirectory, 8, 32);
        var train = new TrainOptions { Model = PixArtConfig.Tiny, OutputDirectory = dir.Combine("run"), LearningRate = 1e-3, WarmupSteps = 1, BatchSize = 2, MaxSteps = 3, CheckpointEvery = 3 };
        new PixArtTrainer(train, NullLogger.Instance).Run(dataset);

        var sample = new SampleOptions { Checkpoint = train.OutputDirectory, ModelDirectory = models.Root, OutputDirectory = dir.Combine("samples"), Steps = 4 };
        sample.Prompts.AddRange(["a red house", "a blue boat on the sea", "a tree"]);
        var written = SamplingRunner.Run(sample);

        Assert.Equal(4, written.Count);
        Assert.Equal((64, 64), Size(written[0]));
        Assert.Equal((140, 192), Size(written[^1])); // 2×2 grid of 64 px tiles, 4 px gutters, 26 px caption bands
        var index = SampleIndex.Read(Path.Combine(sample.OutputDirectory, "index.json"));
        Assert.Equal(Path.GetFullPath(Path.Combine(train.OutputDirectory, "checkpoints", "step_00000003")), index.Checkpoint);
        Assert.Equal(("ema", "dpm-solver", 4, 4.5, 0, "grid.png"), (index.Weights, index.Sampler, index.Steps, index.GuidanceScale, index.Seed, index.Grid));
        Assert.Equal(
            [new SampleIndexEntry("sample_000.png", "a red house", 0, 0), new SampleIndexEntry("sample_001.png", "a blue boat on the sea", 0, 1), new SampleIndexEntry("sample_002.png", "a tree", 0, 2)],
            index.Files);
        sample.Sampler = "iddpm";
        sample.Steps = null;
        sample.Seed = 7;
        Assert.Equal((64, 64), Size(SamplingRunner.Run(sample)[1]));
        index = SampleIndex.Read(Path.Combine(sample.OutputDirectory, "index.json"));
        Assert.Equal(("iddpm", IddpmSampler.DefaultSteps, 7), (index.Sampler, index.Steps, index.Files[2].Seed));
    }

    [SharedDataFact]
    public async Task ExtractMultiScale_PutsEachPhotoInItsNearestBucket()
    {
        using var dir = new TempDirectory();
        var models = TinyDiffusionModelsWriter.Write(dir.Combine("models"));
        // W×H 123×456 → h/w 3.71 → key 3.75 (480×128 at 256); 456×123 → 0.27 (128×480); 416×264 → 0.635 → 0.6 (192×320).
        string[] files = ["123_456.jpg", "456_123.jpg", "416_264.jpg"];
        var shards = new ShardSet(dir.Combine("shards"));
        await ShardFileWriter.WriteTableAsync(shards.DataPath(0), new ShardTable(
        [
            ShardColumn.Of(ShardColumns.Key, files.Select(f => (string?)f).ToArray()),
            ShardColumn.Of(ShardColumns.Status, files.Select(_ => (string?)RowStatus.Success).ToArray()),
            ShardColumn.Of(ShardColumns.Caption, files.Select(_ => (string?)"a photo").ToArray()),
            ShardColumn.Of(ShardColumns.Jpg, files.Select(f => (byte[]?)File.ReadAllBytes(SharedData.Path("photos", "small", f))).ToArray()),
        ]));
        await shards.MarkDoneAsync(0, new ShardStats());
        var options = new FeatureExtractionOptions { InputDirectory = shards.Directory, ModelDirectory = models.Root, Resolution = 256, MultiScale = true, Tokens = 8 };
        options.Run.OutputDirectory = dir.Combine("features");
        options.Run.ManifestDirectory = dir.Combine("data-manifests");

        await new FeatureExtractor(options, NullLogger.Instance).RunAsync();

        var rows = DuckDb.Query($"SELECT key, vae_shape FROM read_parquet('{DuckDb.Escape(Path.Combine(options.Run.OutputDirectory, "*.parquet"))}') ORDER BY key");
        Assert.Equal(
            [("123_456.jpg", "4,60,16"), ("416_264.jpg", "4,24,40"), ("456_123.jpg", "4,16,60")],
            rows.Select(r => ((string)r[0]!, (string)r[1]!)));
    }

    [Fact]
    public async Task Extract_SliverAndTruncatedImages_FailTheirRowsWithTheReasonAndTheRestExtract()
    {
        // A 3000x1 sliver decodes within the budget but would resize to 192000x64 before the 64 px crop; a JPEG cut
        // in half is incomplete. Both rows fail with the reason; the ordinary image is extracted.
        using var dir = new TempDirectory();
        var models = TinyDiffusionModelsWriter.Write(dir.Combine("models"));
        var jpeg = Rgb24Encoder.EncodeJpeg(new byte[80 * 60 * 3], 80, 60, 90);
        byte[][] images = [jpeg, Rgb24Encoder.EncodePng(new byte[3000 * 3], 3000, 1), jpeg[..(jpeg.Length / 2)]];
        var shards = new ShardSet(dir.Combine("shards"));
        await ShardFileWriter.WriteTableAsync(shards.DataPath(0), new ShardTable(
        [
            ShardColumn.Of(ShardColumns.Key, new string?[] { "ok", "sliver", "truncated" }),
            ShardColumn.Of(ShardColumns.Status, images.Select(_ => (string?)RowStatus.Success).ToArray()),
            ShardColumn.Of(ShardColumns.Caption, images.Select(_ => (string?)"a photo").ToArray()),
            ShardColumn.Of(ShardColumns.Jpg, images.Cast<byte[]?>().ToArray()),
        ]));
        await shards.MarkDoneAsync(0, new ShardStats());
        var options = new FeatureExtractionOptions { InputDirectory = shards.Directory, ModelDirectory = models.Root, Resolution = 64, Tokens = 8, MaxDecodedPixels = 1_000_000 };
        options.Run.OutputDirectory = dir.Combine("features");

        var summary = await new FeatureExtractor(options, NullLogger.Instance).RunAsync();

        Assert.Equal((1L, 2L), (summary.Extracted, summary.Failed));
        var rows = DuckDb.Query($"SELECT key, status, error_message FROM read_parquet('{DuckDb.Escape(Path.Combine(options.Run.OutputDirectory, "*.parquet"))}') ORDER BY key")
            .ToDictionary(r => (string)r[0]!, r => ((string)r[1]!, (string?)r[2]));
        Assert.Equal(("success", null), rows["ok"]);
        Assert.Equal(("failed", "resizing 3000x1 to 192000x64 before the 64 px crop is above the limit of 1000000 pixels"), rows["sliver"]);
        Assert.Equal("failed", rows["truncated"].Item1);
        Assert.StartsWith("image decoding error: incomplete", rows["truncated"].Item2, StringComparison.Ordinal);
    }

    private static (int, int) Size(string png)
    {
        using var codec = SkiaSharp.SKCodec.Create(png);
        return (codec.Info.Width, codec.Info.Height);
    }
}
