using System.Runtime.InteropServices;
using DataForge.Core.Shards;
using DataForge.TestUtils;
using DataForge.Trainer.Training;

namespace DataForge.Cli.Tests.Commands;

public sealed class TrainCommandTests
{
    // Feature shards shaped for the Tiny model (4×8×8 latents, 8 tokens × 32 channels), one failed row included.
    internal static async Task WriteFeatureShardsAsync(string directory)
    {
        var set = new ShardSet(directory);
        var random = new Random(5);
        for (var shard = 0; shard < 2; shard++)
        {
            const int rows = 7;
            byte[] Floats(int n, double scale) => MemoryMarshal.AsBytes(Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * scale)).ToArray().AsSpan()).ToArray();
            var table = new ShardTable(
            [
                ShardColumn.Of(ShardColumns.Key, Enumerable.Range(0, rows).Select(r => (string?)SampleKey.Format(shard, r, 100)).ToArray()),
                ShardColumn.Of(ShardColumns.Status, Enumerable.Range(0, rows).Select(r => (string?)(r == 3 ? RowStatus.Failed : RowStatus.Success)).ToArray()),
                ShardColumn.Of(ShardColumns.VaeMean, Enumerable.Range(0, rows).Select(r => r == 3 ? null : Floats(256, 4)).ToArray()),
                ShardColumn.Of(ShardColumns.VaeStd, Enumerable.Range(0, rows).Select(r => r == 3 ? null : Floats(256, 0.1)).ToArray()),
                ShardColumn.Of(ShardColumns.VaeShape, Enumerable.Range(0, rows).Select(_ => (string?)"4,8,8").ToArray()),
                ShardColumn.Of(ShardColumns.T5Features, Enumerable.Range(0, rows).Select(r => r == 3 ? null : Floats(8 * 32, 1)).ToArray()),
                ShardColumn.Of(ShardColumns.T5Mask, Enumerable.Range(0, rows).Select(r => (byte[]?)[1, 1, 1, 1, 0, 0, 0, 0]).ToArray()),
                ShardColumn.Of(ShardColumns.OriginalWidth, Enumerable.Range(0, rows).Select(_ => (int?)64).ToArray()),
                ShardColumn.Of(ShardColumns.OriginalHeight, Enumerable.Range(0, rows).Select(_ => (int?)64).ToArray()),
            ]);
            await ShardFileWriter.WriteTableAsync(set.DataPath(shard), table);
            await set.MarkDoneAsync(shard, new ShardStats { Stage = "extract-features", Count = rows });
        }
    }

    [Fact]
    public async Task Train_DemoConfigOnFeatureShards_WritesCheckpointMetricsAndResumes()
    {
        using var dir = new TempDirectory();
        await WriteFeatureShardsAsync(dir.Combine("features"));
        var config = RepoPaths.Combine("configs", "pixart", "demo_tiny.json");
        var run = dir.Combine("run");

        var first = await CliRun.RunAsync("train", "--config", config, "--input", dir.Combine("features"), "--output", run, "--steps", "4", "--checkpoint-every", "2");
        Assert.True(first.ExitCode == 0, first.Error);
        Assert.Contains($"checkpoint: {Path.Combine(run, "checkpoints", "step_00000004")}", first.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(run, "loss_curve.png")));

        var second = await CliRun.RunAsync("train", "--config", config, "--input", dir.Combine("features"), "--output", run, "--steps", "6", "--checkpoint-every", "2");
        Assert.True(second.ExitCode == 0, second.Error);
        var metrics = MetricsLog.ReadAll(Path.Combine(run, "metrics.jsonl"));
        Assert.Equal([1L, 2, 3, 4, 5, 6], metrics.Select(m => m.Step));
        Assert.All(metrics, m => Assert.True(double.IsFinite(m.Loss)));
    }

    [Fact]
    public async Task Train_Streaming_TrainsAndResumes()
    {
        using var dir = new TempDirectory();
        await WriteFeatureShardsAsync(dir.Combine("features"));
        var config = RepoPaths.Combine("configs", "pixart", "demo_tiny.json");
        var run = dir.Combine("run");
        string[] common = ["train", "--config", config, "--input", dir.Combine("features"), "--output", run, "--streaming", "--shuffle-buffer", "5", "--checkpoint-every", "2"];

        var first = await CliRun.RunAsync([.. common, "--steps", "2"]);
        Assert.True(first.ExitCode == 0, first.Error);
        var second = await CliRun.RunAsync([.. common, "--steps", "5"]);
        Assert.True(second.ExitCode == 0, second.Error);
        Assert.Equal([1L, 2, 3, 4, 5], MetricsLog.ReadAll(Path.Combine(run, "metrics.jsonl")).Select(m => m.Step));

        var bad = await CliRun.RunAsync([.. common, "--shuffle-buffer", "0"]);
        Assert.Equal(Core.Errors.ExitCodes.Usage, bad.ExitCode);
    }

    [Fact]
    public async Task Train_NoFeatureShards_ExplainsWhatToRunFirst()
    {
        using var dir = new TempDirectory();
        var result = await CliRun.RunAsync("train", "--config", RepoPaths.Combine("configs", "pixart", "demo_tiny.json"), "--input", dir.Path, "--output", dir.Combine("run"));
        Assert.Equal(Core.Errors.ExitCodes.Failed, result.ExitCode);
        Assert.Contains("extract-features", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_ConfigWithMisspelledKey_IsAUsageErrorNamingFileAndKey()
    {
        // Given the demo config with "learning_rate" misspelled (it used to train at the default rate)
        using var dir = new TempDirectory();
        var json = File.ReadAllText(RepoPaths.Combine("configs", "pixart", "demo_tiny.json")).Replace("\"learning_rate\"", "\"learning_rat\"", StringComparison.Ordinal);
        var config = dir.Combine("typo.json");
        File.WriteAllText(config, json);
        await WriteFeatureShardsAsync(dir.Combine("features"));

        var result = await CliRun.RunAsync("train", "--config", config, "--input", dir.Combine("features"), "--output", dir.Combine("run"), "--steps", "1");

        Assert.Equal(Core.Errors.ExitCodes.Usage, result.ExitCode);
        Assert.Contains($"{config}: train.learning_rat: unknown key", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.Combine("run")));
    }

    [Fact]
    public async Task Train_ConfigWithUnknownPreset_NamesTheConfigKeyNotAnOption()
    {
        using var dir = new TempDirectory();
        var config = dir.Combine("preset.json");
        File.WriteAllText(config, """{ "model": "XL3_256" }""");

        var result = await CliRun.RunAsync("train", "--config", config, "--input", dir.Path, "--output", dir.Combine("run"));

        Assert.Equal(Core.Errors.ExitCodes.Usage, result.ExitCode);
        Assert.Contains($"{config}: model: unknown preset 'XL3_256'", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("--model", result.Error, StringComparison.Ordinal);
    }
}
