// Streaming feature dataset against the in-memory path: peak RSS and training samples/s of the Tiny model on
// synthetic feature shards of 10k/100k/400k rows. One measurement per process, since peak RSS is per process;
// bench/trainer_streaming.sh runs the grid. The named baseline is the in-memory path at the same row count.
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using DataForge.Core.Shards;
using DataForge.Trainer.Model;
using DataForge.Trainer.Training;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataForge.Trainer.Bench;

internal static class StreamingBench
{
    private const int RowsPerShard = 10_000;

    public static async Task RunAsync(string[] args)
    {
        switch (args)
        {
            case ["generate", var dir, var rows]:
                await GenerateAsync(dir, int.Parse(rows, CultureInfo.InvariantCulture));
                break;
            case ["run", var dir, var mode, var steps, var work]:
                await MeasureAsync(dir, mode, int.Parse(steps, CultureInfo.InvariantCulture), work);
                break;
            default:
                Console.Error.WriteLine("usage: streaming generate DIR ROWS | streaming run DIR memory|stream STEPS WORKDIR");
                Environment.Exit(2);
                break;
        }
    }

    private static async Task GenerateAsync(string directory, int rows)
    {
        var set = new ShardSet(directory);
        var random = new Random(1);
        var config = PixArtConfig.Tiny;
        var latent = 4 * config.InputSize * config.InputSize;
        var captions = config.ModelMaxLength * config.CaptionChannels;
        byte[] Floats(int n, double scale) => MemoryMarshal.AsBytes(Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * scale)).ToArray().AsSpan()).ToArray();
        for (var shard = 0; shard * RowsPerShard < rows; shard++)
        {
            if (set.IsDone(shard))
            {
                continue;
            }

            var n = Math.Min(RowsPerShard, rows - (shard * RowsPerShard));
            var table = new ShardTable(
            [
                ShardColumn.Of(ShardColumns.Key, Enumerable.Range(0, n).Select(r => (string?)SampleKey.Format(shard, r, RowsPerShard)).ToArray()),
                ShardColumn.Of(ShardColumns.Status, Enumerable.Range(0, n).Select(_ => (string?)RowStatus.Success).ToArray()),
                ShardColumn.Of(ShardColumns.VaeMean, Enumerable.Range(0, n).Select(_ => (byte[]?)Floats(latent, 4)).ToArray()),
                ShardColumn.Of(ShardColumns.VaeStd, Enumerable.Range(0, n).Select(_ => (byte[]?)Floats(latent, 0.1)).ToArray()),
                ShardColumn.Of(ShardColumns.VaeShape, Enumerable.Range(0, n).Select(_ => (string?)$"4,{config.InputSize},{config.InputSize}").ToArray()),
                ShardColumn.Of(ShardColumns.T5Features, Enumerable.Range(0, n).Select(_ => (byte[]?)Floats(captions, 1)).ToArray()),
                ShardColumn.Of(ShardColumns.T5Mask, Enumerable.Range(0, n).Select(_ => (byte[]?)[.. Enumerable.Repeat((byte)1, config.ModelMaxLength)]).ToArray()),
                ShardColumn.Of(ShardColumns.OriginalWidth, Enumerable.Range(0, n).Select(_ => (int?)(config.InputSize * 8)).ToArray()),
                ShardColumn.Of(ShardColumns.OriginalHeight, Enumerable.Range(0, n).Select(_ => (int?)(config.InputSize * 8)).ToArray()),
            ]);
            await ShardFileWriter.WriteTableAsync(set.DataPath(shard), table);
            await set.MarkDoneAsync(shard, new ShardStats { Stage = "extract-features", Count = n });
        }
    }

    private static async Task MeasureAsync(string directory, string mode, int steps, string work)
    {
        const int warmup = 10;
        // One torch thread in both modes: on a shared machine a second spinning thread costs more than it gives, and
        // the streaming reader needs a core of its own to show whether it keeps up.
        TorchSharp.torch.set_num_threads(1);
        var options = new TrainOptions
        {
            Model = PixArtConfig.Tiny, OutputDirectory = work, LearningRate = 1e-4, WarmupSteps = 10, GradientClip = 1.0, BatchSize = 32,
            EmaRate = 0.999, MaxSteps = warmup + steps, CheckpointEvery = 1_000_000, Seed = 0, Resume = false, Streaming = mode == "stream",
        };
        var opening = Stopwatch.StartNew();
        var data = await TrainingData.OpenAsync(directory, options);
        var openSeconds = opening.Elapsed.TotalSeconds;
        var result = new PixArtTrainer(options, NullLogger.Instance).Run(data);
        var measured = result.Steps.Skip(warmup).ToList();
        var seconds = measured.Sum(s => options.BatchSize / s.ImagesPerSecond);
        var samplesPerSecond = measured.Count * options.BatchSize / seconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{{\"mode\":\"{mode}\",\"rows\":{new ShardSet(directory).ListDoneShards().Count * RowsPerShard},\"open_s\":{openSeconds:0.00},\"samples_per_s\":{samplesPerSecond:0.0},\"peak_rss_mb\":{PeakRssMegabytes():0}}}"));
    }

    // VmHWM: the process's peak resident set, what the OOM killer and a cluster's memory limit see.
    private static double PeakRssMegabytes()
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }
}
