using System.Diagnostics;
using System.Globalization;
using DataForge.Core.Shards;
using DataForge.TestUtils;
using DataForge.Trainer.Training;

namespace DataForge.Cli.Tests.Commands;

/// <summary>
/// Issue #19: SIGINT, SIGTERM and Slurm's SIGUSR1 sent to the real binary cancel the run instead of killing it: the
/// "cancelled" line, exit 130/143/138, finished shards kept, <c>train</c> checkpointed at the step it was interrupted
/// at, and a rerun that completes every row (and every step) exactly once.
/// </summary>
public sealed class SignalExitTests
{
    private const int Rows = 24;
    private const int PerShard = 3;

    [SharedDataTheory]
    [InlineData(CliProcess.SigInt, 130, "cancelled; finished shards are kept")]
    [InlineData(CliProcess.SigTerm, 143, "cancelled (SIGTERM); finished shards are kept")]
    public async Task Ingest_Signal_ExitsCleanlyAndTheRerunHasEveryRowOnce(int signal, int expectedCode, string expectedLine)
    {
        await using var server = new SlowPhotoServer(SharedData.Path("photos", "small", "456_123.jpg"), TimeSpan.FromMilliseconds(150));
        using var temp = new TempDirectory();
        var input = server.WriteUrlList(temp.Combine("urls.txt"), Rows);
        var output = temp.Combine("out");
        string[] args =
        [
            "ingest", "--input", input, "--output", output, "--samples-per-shard", PerShard.ToString(CultureInfo.InvariantCulture),
            "--allow-address-range", "127.0.0.0/8", "--image-size", "32", "--download-concurrency", "1", "--shard-parallelism", "1",
            "--manifest-dir", output + "-manifests",
        ];

        // Given a run with its first shard finished
        using (var run = CliProcess.Start(args))
        {
            await WaitUntilAsync(run, () => new ShardSet(output).ListDoneShards().Count >= 1);
            Assert.False(run.HasExited, "the run finished before the signal");

            // When it gets the signal
            CliProcess.Signal(run, signal);
            var (code, _, error) = await CliProcess.FinishAsync(run);

            // Then it stops with the signal's exit code and says what is kept, without a stack trace
            Assert.True(code == expectedCode, $"exit {code}\n{error}");
            Assert.Contains(expectedLine, error, StringComparison.Ordinal);
            Assert.DoesNotContain("\n   at ", error, StringComparison.Ordinal);
            Assert.InRange(new ShardSet(output).ListDoneShards().Count, 1, (Rows / PerShard) - 1);
        }

        // And a rerun completes with every row exactly once
        var rerun = await CliProcess.RunAsync(args);
        Assert.True(rerun.Code == 0, rerun.Error);
        var glob = DuckDb.Escape(Path.Combine(output, "*.parquet"));
        var urls = DuckDb.Query($"SELECT url FROM read_parquet('{glob}') ORDER BY url").Select(r => (string)r[0]!).ToList();
        Assert.Equal(File.ReadAllLines(input).Order(StringComparer.Ordinal), urls);
        Assert.Empty(Directory.EnumerateFiles(output, "*" + ShardNaming.TemporaryMarker + "*"));
    }

    [Theory]
    [InlineData(CliProcess.SigInt, 130)]
    [InlineData(CliProcess.SigTerm, 143)]
    [InlineData(CliProcess.SigUsr1, 138)]
    public async Task Train_Signal_CheckpointsTheInterruptedStepAndResumesExactlyOnce(int signal, int expectedCode)
    {
        using var dir = new TempDirectory();
        await TrainCommandTests.WriteFeatureShardsAsync(dir.Combine("features"));
        var run = dir.Combine("run");
        string[] Args(int steps) =>
        [
            "train", "--config", RepoPaths.Combine("configs", "pixart", "demo_tiny.json"), "--input", dir.Combine("features"), "--output", run,
            "--steps", steps.ToString(CultureInfo.InvariantCulture), "--checkpoint-every", "100000",
        ];
        var metrics = Path.Combine(run, "metrics.jsonl");

        // Given a long run (checkpoint_every far away) that has done a few steps
        using (var process = CliProcess.Start(Args(100_000)))
        {
            await WaitUntilAsync(process, () => File.Exists(metrics) && File.ReadAllLines(metrics).Length >= 3);
            Assert.False(process.HasExited, "the run finished before the signal");

            // When it gets the signal
            CliProcess.Signal(process, signal);
            var (code, _, error) = await CliProcess.FinishAsync(process);

            // Then it exits with the signal's code after checkpointing the last finished step
            Assert.True(code == expectedCode, $"exit {code}\n{error}");
            Assert.DoesNotContain("\n   at ", error, StringComparison.Ordinal);
        }

        var done = MetricsLog.ReadAll(metrics).Count;
        var checkpoint = new CheckpointStore(run).Latest;
        Assert.NotNull(checkpoint);
        Assert.Equal("step_" + done.ToString("D8", CultureInfo.InvariantCulture), Path.GetFileName(checkpoint));
        Assert.Equal(done, CheckpointStore.ReadState(checkpoint).Step);

        // And a rerun resumes there: every step logged exactly once
        var rerun = await CliProcess.RunAsync(Args(done + 2));
        Assert.True(rerun.Code == 0, rerun.Error);
        Assert.Equal(Enumerable.Range(1, done + 2).Select(i => (long)i), MetricsLog.ReadAll(metrics).Select(m => m.Step));
    }

    private static async Task WaitUntilAsync(Process process, Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition() && !process.HasExited && clock.Elapsed < TimeSpan.FromSeconds(90))
        {
            await Task.Delay(10);
        }
    }
}
