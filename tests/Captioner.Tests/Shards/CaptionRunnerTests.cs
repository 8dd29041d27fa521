using DataForge.Captioner.Models;
using DataForge.Core.Manifests;
using DataForge.Core.Options;
using DataForge.Core.Shards;
using DataForge.TestUtils;

namespace DataForge.Captioner.Tests.Shards;

public sealed class CaptionRunnerTests(TinyModelFixture fixture) : IClassFixture<TinyModelFixture>
{
    [SharedDataFact]
    public async Task RunAsync_RealPhotosWithCorruptAndFailedRows_CaptionsTheRestAndKeepsEveryColumn()
    {
        using var temp = new TempDirectory();
        var photos = Directory.GetFiles(SharedData.Path("photos", "small"), "*.jpg").Order(StringComparer.Ordinal).Take(4).ToList();
        var corrupt = File.ReadAllBytes(photos[0])[..200]; // a JPEG cut off after its headers
        var rows = photos.Select((p, i) => new InputShards.Row($"00000000{i}", RowStatus.Success, File.ReadAllBytes(p), $"photo {i}")).ToList();
        rows.Insert(2, new InputShards.Row("000000010", RowStatus.Success, corrupt));
        rows.Add(new InputShards.Row("000000011", RowStatus.FailedToDownload, null));
        var input = temp.Combine("in");
        await InputShards.WriteAsync(input, 0, rows);
        var parentManifest = await ManifestStore.SaveAsync(new DatasetManifest { Name = "photos-ingested", ShardDirectory = input }, temp.Combine("manifests"));

        var options = Options(temp, input);
        options.InputManifest = parentManifest;
        options.Prompt = CaptionPrompts.PixArtWithCaption;
        var summary = await new CaptionRunner(options).RunAsync();

        Assert.Equal((1, 4L, 1L, 1L), (summary.ShardsCaptioned, summary.Captioned, summary.Failed, summary.Skipped));
        var output = Path.Combine(options.Run.OutputDirectory, "00000.parquet");
        var columns = DuckDb.Columns(output).Select(c => c.Name).ToList();
        Assert.Equal(["key", "url", "caption", "status", "error_message", "width", "aesthetic_score", "jpg"], columns.Take(8));
        Assert.Contains(ShardColumns.DenseCaption, columns);
        var read = DuckDb.Query($"SELECT key, caption_status, caption_error, dense_caption, caption_finish_reason, caption_tokens, aesthetic_score, octet_length(jpg), caption_model, caption_prompt FROM read_parquet('{DuckDb.Escape(output)}') ORDER BY key");
        Assert.Equal(rows.Count, read.Count);
        Assert.Equal(rows.Select(r => r.Key).Order(StringComparer.Ordinal), read.Select(r => (string)r[0]!));
        var byKey = read.ToDictionary(r => (string)r[0]!);
        Assert.Equal("failed", byKey["000000010"][1]);
        Assert.StartsWith("image could not be decoded", (string)byKey["000000010"][2]!);
        Assert.Equal("skipped", byKey["000000011"][1]);
        Assert.Null(byKey["000000011"][3]);
        foreach (var key in rows.Where(r => r.Key.Length == 9 && r.Key != "000000010" && r.Key != "000000011").Select(r => r.Key))
        {
            var row = byKey[key];
            Assert.Equal("success", row[1]);
            Assert.False(string.IsNullOrWhiteSpace((string?)row[3]));
            Assert.Contains((string)row[4]!, new[] { "eos", "loop", "length", "stop" });
            Assert.Equal(TinyModelFixtureId, row[8]);
            Assert.Equal(CaptionPrompts.PixArtWithCaption, row[9]);
        }

        // Originals travel through untouched.
        Assert.Equal(File.ReadAllBytes(photos[1]).Length, Convert.ToInt32(byKey["000000001"][7]));
        Assert.Equal(1.5, Convert.ToDouble(byKey["000000001"][6]));

        var manifest = await ManifestStore.LoadAsync(summary.ManifestPath!);
        Assert.Equal("photos-ingested", manifest.DerivedFrom!.Name);
        Assert.Equal(await ManifestStore.Sha256HexAsync(parentManifest), manifest.DerivedFrom.Sha256);
        Assert.Equal(CaptionConstants.StageName, manifest.Stages[^1].Name);
        Assert.Single(manifest.Shards);
    }

    [Fact]
    public async Task RunAsync_ShardsEndingInSkippedAndImagelessRows_LastProgressReachesTheTotal()
    {
        using var temp = new TempDirectory();
        var input = temp.Combine("in");
        // Shard 0 ends in a row ingest failed (skipped) and one without image bytes (failed before any batch);
        // shard 1 holds only a skipped row, so no batch ever reports for it.
        await InputShards.WriteAsync(input, 0,
        [
            new InputShards.Row("000000000", RowStatus.Success, TestImages.Red),
            new InputShards.Row("000000001", RowStatus.FailedToDownload, null),
            new InputShards.Row("000000002", RowStatus.Success, null),
        ]);
        await InputShards.WriteAsync(input, 1, [new InputShards.Row("000100000", RowStatus.FailedToDownload, null)]);
        var reports = new List<Core.Progress.StageProgress>();

        await new CaptionRunner(Options(temp, input)).RunAsync(new SynchronousProgress(reports.Add));

        Assert.All(reports, r => Assert.Equal(4L, r.Total));
        Assert.Equal(4L, reports[^1].Completed);
        Assert.True(reports.Select(r => r.Completed).SequenceEqual(reports.Select(r => r.Completed).Order()), "progress went backwards");
    }

    [Fact]
    public async Task RunAsync_CancelledMidShard_RerunWritesEachRowExactlyOnce()
    {
        using var temp = new TempDirectory();
        var input = temp.Combine("in");
        byte[][] colours = [TestImages.Red, TestImages.Green, TestImages.Blue];
        for (var shard = 0; shard < 3; shard++)
        {
            await InputShards.WriteAsync(input, shard, [.. Enumerable.Range(0, 6).Select(i => new InputShards.Row($"{shard:D4}{i:D5}", RowStatus.Success, colours[(shard + i) % 3]))]);
        }

        var options = Options(temp, input);
        options.BatchSize = 2;
        using var cts = new CancellationTokenSource();
        // Cancel once shard 0 is done and shard 1 is part-way through (8 of its 6+6 images reported).
        var progress = new SynchronousProgress(p =>
        {
            if (p.Completed >= 8)
            {
                cts.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new CaptionRunner(options).RunAsync(progress, cts.Token));
        var output = new ShardSet(options.Run.OutputDirectory);
        Assert.True(output.IsDone(0));
        Assert.False(output.IsDone(1));
        Assert.False(File.Exists(output.DataPath(1)));
        var shard0Hash = await ManifestStore.Sha256HexAsync(output.DataPath(0));
        // What a hard kill can leave besides: shard 2's data committed but its marker never written, and a
        // half-written temporary of shard 1.
        File.Copy(output.DataPath(0), output.DataPath(2));
        File.WriteAllBytes(output.DataPath(1) + ShardNaming.TemporaryMarker + "deadbeef0000", [1, 2, 3]);

        var summary = await new CaptionRunner(options).RunAsync();

        Assert.Equal((1, 2), (summary.ShardsAlreadyDone, summary.ShardsCaptioned));
        Assert.Equal(shard0Hash, await ManifestStore.Sha256HexAsync(output.DataPath(0)));
        var glob = DuckDb.Escape(Path.Combine(output.Directory, "*.parquet"));
        Assert.Equal(18L, Convert.ToInt64(DuckDb.Scalar($"SELECT count(*) FROM read_parquet('{glob}')")));
        Assert.Equal(18L, Convert.ToInt64(DuckDb.Scalar($"SELECT count(DISTINCT key) FROM read_parquet('{glob}')")));
        Assert.Equal(18L, Convert.ToInt64(DuckDb.Scalar($"SELECT count(*) FROM read_parquet('{glob}') WHERE caption_status = 'success'")));
        Assert.Empty(Directory.GetFiles(output.Directory, "*" + ShardNaming.TemporaryMarker + "*"));
        Assert.Equal("red apple on wooden table .", DuckDb.Scalar($"SELECT dense_caption FROM read_parquet('{glob}') WHERE key = '000000000'"));
    }

    [Fact]
    public async Task RunAsync_SecondOfTwoWorkers_WritesOnlyItsShards()
    {
        using var temp = new TempDirectory();
        var input = temp.Combine("in");
        for (var shard = 0; shard < 4; shard++)
        {
            await InputShards.WriteAsync(input, shard, [new InputShards.Row($"{shard:D4}00000", RowStatus.Success, TestImages.Red)]);
        }

        var options = Options(temp, input);
        options.Run.ShardIndex = 1;
        options.Run.ShardCount = 2;
        var summary = await new CaptionRunner(options).RunAsync();

        Assert.Equal([1, 3], new ShardSet(options.Run.OutputDirectory).ListDoneShards());
        Assert.Equal(2, summary.ShardsOwned);
    }

    [Fact]
    public async Task RunAsync_OverwriteIntoAFolderThatDoesNotExist_CaptionsInsteadOfThrowing()
    {
        using var temp = new TempDirectory();
        var input = temp.Combine("in");
        await InputShards.WriteAsync(input, 0, [new InputShards.Row("000000000", RowStatus.Success, TestImages.Red)]);
        var options = Options(temp, input);
        options.Run.Incremental = IncrementalMode.Overwrite;
        Assert.False(Directory.Exists(options.Run.OutputDirectory));

        var summary = await new CaptionRunner(options).RunAsync();

        Assert.Equal([0], new ShardSet(options.Run.OutputDirectory).ListDoneShards());
        Assert.Equal(0, summary.ShardsAlreadyDone);
    }

    [Fact]
    public async Task RunAsync_ImageOverThePixelLimit_FailsItsRowAsABombAndCaptionsTheRest()
    {
        // A 300x200 image against a 50,000-pixel budget is refused from its header; the 40x24 ones pass.
        using var temp = new TempDirectory();
        var input = temp.Combine("in");
        await InputShards.WriteAsync(input, 0,
        [
            new InputShards.Row("000000000", RowStatus.Success, TestImages.Red),
            new InputShards.Row("000000001", RowStatus.Success, TestImages.SolidPng(10, 30, 220, 300, 200)),
            new InputShards.Row("000000002", RowStatus.Success, TestImages.Green),
        ]);
        var options = Options(temp, input);
        options.MaxDecodedPixels = 50_000;

        var summary = await new CaptionRunner(options).RunAsync();

        Assert.Equal((2L, 1L), (summary.Captioned, summary.Failed));
        var output = DuckDb.Escape(Path.Combine(options.Run.OutputDirectory, "00000.parquet"));
        Assert.Equal(
            "image could not be decoded: decompression bomb refused: header says 300x200 = 60000 pixels, above the limit of 50000",
            DuckDb.Scalar($"SELECT caption_error FROM read_parquet('{output}') WHERE key = '000000001' AND caption_status = 'failed'"));
    }

    [Fact]
    public void Validate_MaxDecodedPixelsBelowOne_NamesTheOption()
    {
        using var temp = new TempDirectory();
        var options = Options(temp, temp.Path);
        options.Run.OutputDirectory = temp.Combine("out");
        options.MaxDecodedPixels = 0;
        var error = Assert.Throws<DataForge.Core.Errors.OptionsValidationException>(options.Validate);
        Assert.Equal("--max-decoded-pixels", error.OptionName);
    }

    [Fact]
    public void Validate_OutputSameAsInput_NamesTheOption()
    {
        using var temp = new TempDirectory();
        var options = Options(temp, temp.Path);
        options.Run.OutputDirectory = temp.Path;
        var error = Assert.Throws<DataForge.Core.Errors.OptionsValidationException>(options.Validate);
        Assert.Equal("--output", error.OptionName);
    }

    [Fact]
    public async Task RunAsync_FolderWithoutFinishedShards_RefusesBeforeWritingAnything()
    {
        // Given an input folder whose two data files have no _stats.json (an ingest that never finished)
        using var temp = new TempDirectory();
        var input = temp.Combine("in");
        for (var shard = 0; shard < 2; shard++)
        {
            await InputShards.WriteAsync(input, shard, [new InputShards.Row($"{shard:D4}00000", RowStatus.Success, TestImages.Red)]);
            File.Delete(new ShardSet(input).StatsPath(shard));
        }

        var options = Options(temp, input);

        // When captioning, then it is a usage error naming the folder and what is in it, and nothing is written
        var error = await Assert.ThrowsAsync<DataForge.Core.Errors.OptionsValidationException>(() => new CaptionRunner(options).RunAsync());
        Assert.Equal($"--input: no finished shards in {Path.GetFullPath(input)}: 2 .parquet files without _stats.json", error.Message);
        Assert.False(Directory.Exists(options.Run.OutputDirectory));
        Assert.False(Directory.Exists(options.Run.ManifestDirectory));
    }

    [Fact]
    public async Task RunAsync_RerunWithAnotherPromptOverFinishedShards_ManifestKeepsThePromptTheShardsWereMadeWith()
    {
        // Given two shards captioned with the paper's prompt
        using var temp = new TempDirectory();
        var input = temp.Combine("in");
        for (var shard = 0; shard < 2; shard++)
        {
            await InputShards.WriteAsync(input, shard, [new InputShards.Row($"{shard:D4}00000", RowStatus.Success, TestImages.Red, "a red square")]);
        }

        var first = Options(temp, input);
        first.Prompt = CaptionPrompts.PixArtPaper;
        await new CaptionRunner(first).RunAsync();

        // When a rerun with another prompt finds both shards done and skips them
        var rerun = Options(temp, input);
        rerun.Prompt = CaptionPrompts.PixArtWithCaption;
        var summary = await new CaptionRunner(rerun).RunAsync();

        // Then the rewritten manifest still says which prompt the shards were captioned with
        Assert.Equal((0, 2), (summary.ShardsCaptioned, summary.ShardsAlreadyDone));
        var manifest = await ManifestStore.LoadAsync(summary.ManifestPath!);
        Assert.Equal(CaptionPrompts.PixArtPaper, manifest.Stages[^1].Parameters["prompt"]);
        Assert.All(manifest.Shards, s => Assert.Null(s.Parameters));
        var glob = DuckDb.Escape(Path.Combine(rerun.Run.OutputDirectory, "*.parquet"));
        Assert.Equal(CaptionPrompts.PixArtPaper, DuckDb.Scalar($"SELECT DISTINCT caption_prompt FROM read_parquet('{glob}')"));

        // And when one shard is redone with the new prompt, the manifest says so for that shard
        new ShardSet(rerun.Run.OutputDirectory).Delete(1);
        summary = await new CaptionRunner(rerun).RunAsync();
        manifest = await ManifestStore.LoadAsync(summary.ManifestPath!);
        Assert.Equal(CaptionPrompts.PixArtPaper, manifest.Stages[^1].Parameters["prompt"]);
        Assert.Null(manifest.Shards[0].Parameters);
        Assert.Equal(new SortedDictionary<string, string?> { ["prompt"] = CaptionPrompts.PixArtWithCaption }, manifest.Shards[1].Parameters);
    }

    private const string TinyModelFixtureId = "dataforge/tiny-llava";

    private CaptionOptions Options(TempDirectory temp, string input) => new()
    {
        ModelDirectory = fixture.Directory,
        InputDirectory = input,
        BatchSize = 3,
        PrefetchImages = 4,
        Model = new ModelLoadOptions { ExecutionProvider = ExecutionProviderKind.Cpu },
        Run = new() { OutputDirectory = temp.Combine("out"), ManifestDirectory = temp.Combine("manifests"), Parallelism = 2 },
    };
}
