using System.Diagnostics;
using System.Globalization;
using DataForge.Core.Manifests;
using DataForge.Core.Shards;
using DataForge.TestUtils;

namespace DataForge.Captioner.Tests.Shards;

public sealed class CaptionRunnerKillTests(TinyModelFixture fixture) : IClassFixture<TinyModelFixture>
{
    [Fact]
    public async Task RunAsync_ProcessKilledMidShard_RerunWritesEachRowExactlyOnce()
    {
        using var temp = new TempDirectory();
        var input = temp.Combine("in");
        byte[][] colours = [TestImages.Red, TestImages.Green, TestImages.Blue];
        int[] sizes = [6, 80, 6];
        for (var shard = 0; shard < sizes.Length; shard++)
        {
            await InputShards.WriteAsync(input, shard, [.. Enumerable.Range(0, sizes[shard]).Select(i => new InputShards.Row($"{shard:D4}{i:D5}", RowStatus.Success, colours[i % 3]))]);
        }

        var output = temp.Combine("out");
        var manifests = temp.Combine("manifests");
        using (var child = StartChild(input, output, manifests))
        {
            // Kill hard once shard 0 is done and shard 1 is 10 rows in.
            string? line;
            var killed = false;
            while ((line = await child.StandardOutput.ReadLineAsync()) is not null)
            {
                if (line.StartsWith("completed ", StringComparison.Ordinal) && long.Parse(line[10..], CultureInfo.InvariantCulture) >= sizes[0] + 10)
                {
                    child.Kill();
                    killed = true;
                    break;
                }
            }

            await child.WaitForExitAsync();
            Assert.True(killed, "the child finished or died before it could be killed: " + await child.StandardError.ReadToEndAsync());
        }

        var set = new ShardSet(output);
        Assert.True(set.IsDone(0));
        Assert.False(set.IsDone(1));
        var shard0 = await ManifestStore.Sha256HexAsync(set.DataPath(0));

        var summary = await new CaptionRunner(new CaptionOptions
        {
            ModelDirectory = fixture.Directory,
            InputDirectory = input,
            BatchSize = 4,
            Model = new() { ExecutionProvider = DataForge.Captioner.Models.ExecutionProviderKind.Cpu },
            Run = new() { OutputDirectory = output, ManifestDirectory = manifests, Parallelism = 2 },
        }).RunAsync();

        Assert.Equal((1, 2), (summary.ShardsAlreadyDone, summary.ShardsCaptioned));
        Assert.Equal(shard0, await ManifestStore.Sha256HexAsync(set.DataPath(0)));
        var glob = DuckDb.Escape(Path.Combine(output, "*.parquet"));
        Assert.Equal((long)sizes.Sum(), Convert.ToInt64(DuckDb.Scalar($"SELECT count(*) FROM read_parquet('{glob}')")));
        Assert.Equal((long)sizes.Sum(), Convert.ToInt64(DuckDb.Scalar($"SELECT count(DISTINCT key) FROM read_parquet('{glob}') WHERE caption_status = 'success'")));
        Assert.Empty(Directory.GetFiles(output, "*" + ShardNaming.TemporaryMarker + "*"));
    }

    private Process StartChild(string input, string output, string manifests)
    {
        var assembly = typeof(CaptionChildProcess).Assembly.Location;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "exec", assembly, CaptionChildProcess.Verb, fixture.Directory, input, output, manifests })
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("could not start the child process");
    }
}
