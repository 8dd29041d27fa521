using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text.Json;
using DataForge.Core.Shards;
using DataForge.Ingest.Tars;
using DataForge.Ingest.Tests.Infrastructure;
using DataForge.TestUtils;

namespace DataForge.Ingest.Tests.Tars;

public sealed class TarIngestTests
{
    private static readonly string[] SamPhotos = ["dog.jpg", "groceries.jpg", "truck.jpg", "dogs.jpg"];

    [SharedDataFact]
    public async Task RunAsync_Sa1bTarBuiltFromSamPhotos_KeepsIdsAnnotationsAndImages()
    {
        // Given sa_000000.tar from photos/sam with generated SA-1B JSON (RLE strings with backslashes, a JSON member
        // before its image, "./" prefixes), as SA-1B ships them
        using var temp = new TempDirectory();
        var tar = temp.Combine("sa_000000.tar");
        var expected = BuildSa1bTar(tar);

        // When
        var output = temp.Combine("out");
        var summary = await new IngestRunner(IngestTestOptions.Create(tar, output, o => o.Image.ImageSize = 128)).RunAsync();

        // Then (read back with DuckDB)
        Assert.Equal(4, summary.Successes);
        var rows = ShardReadBack.Rows(output, "image_id, file_name, sa_shard, num_annotations, annotations_json, status, original_width, original_height, width, height, sha256, url");
        Assert.Equal(4, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var (id, photo, annotations, width, height) = expected[i];
            Assert.Equal(id, rows[i][0]);
            Assert.Equal($"sa_{id}.jpg", rows[i][1]);
            Assert.Equal("sa_000000.tar", rows[i][2]);
            Assert.Equal(annotations.GetArrayLength(), rows[i][3]);
            Assert.True(JsonElement.DeepEquals(annotations, JsonDocument.Parse((string)rows[i][4]!).RootElement));
            Assert.Equal(RowStatus.Success, rows[i][5]);
            Assert.Equal((width, height), ((int)rows[i][6]!, (int)rows[i][7]!));
            Assert.Equal(128, rows[i][8]);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(TestPhotos.Sam, photo)))), rows[i][10]);
            Assert.Equal($"sa_000000.tar/sa_{id}.jpg", rows[i][11]);
        }
    }

    [SharedDataFact]
    public async Task RunAsync_Sa1bLinksFile_DownloadsTarsResumablyThenIngests()
    {
        // Given the tar served over loopback and a half-downloaded .part file from an interrupted run
        await using var server = new PhotoServer();
        using var temp = new TempDirectory();
        var bytes = ServeSa1bTar(server, temp);
        var cache = temp.Combine("tars");
        Directory.CreateDirectory(cache);
        File.WriteAllBytes(Path.Combine(cache, "sa_000000.tar.part"), bytes[..(bytes.Length / 2)]);
        var links = temp.Combine("sa1b_links.txt");
        File.WriteAllText(links, $"file_name\tcdn_link\nsa_000000.tar\t{server.Url("/cdn/sa_000000.tar")}\nsa_000001.tar\t{server.Url("/cdn/missing.tar")}\n");

        // When
        var output = temp.Combine("out");
        var summary = await new IngestRunner(IngestTestOptions.Create(links, output, o => { o.TarDownloadDirectory = cache; o.InputFormat = InputFormat.Sa1bLinks; })).RunAsync();

        // Then the download resumed from the half (one Range request), the tar is whole, and the missing tar is a row
        var request = Assert.Single(server.Inner.Requests, r => r.Path == "/cdn/sa_000000.tar");
        Assert.Equal($"bytes={bytes.Length / 2}-", request.Headers["Range"]);
        Assert.Equal(bytes, File.ReadAllBytes(Path.Combine(cache, "sa_000000.tar")));
        Assert.Equal(4, summary.Successes);
        var failed = ShardReadBack.Rows(output, "sa_shard, error_message", "status <> 'success'");
        Assert.Equal("sa_000001.tar", Assert.Single(failed)[0]);
        Assert.StartsWith("SA-1B tar sa_000001.tar could not be downloaded: HTTP Error 404", (string)failed[0][1]!, StringComparison.Ordinal);
    }

    [SharedDataFact]
    public async Task RunAsync_Sa1bLinksFile_RetriesBusyAndCutDownloadsUntilTheTarIsWhole()
    {
        // Given a CDN that is busy once (Retry-After: 1), then drops the connection after 1 KiB six times in a row
        // (more drops than the retry budget, but each one adds bytes), and a link that is always busy
        await using var server = new PhotoServer();
        using var temp = new TempDirectory();
        var bytes = ServeSa1bTar(server, temp);
        server.CustomFaults.Enqueue("busy");
        for (var i = 0; i < 6; i++)
        {
            server.CustomFaults.Enqueue("cut");
        }

        var links = temp.Combine("sa1b_links.txt");
        File.WriteAllText(links, $"file_name\tcdn_link\nsa_000000.tar\t{server.Url("/cdn/sa_000000.tar")}\nsa_000001.tar\t{server.Url("/toggle/x.tar")}\n");
        var cache = temp.Combine("tars");

        // When
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var summary = await new IngestRunner(IngestTestOptions.Create(links, temp.Combine("out"), o => { o.TarDownloadDirectory = cache; o.InputFormat = InputFormat.Sa1bLinks; })).RunAsync();

        // Then the tar arrived whole, each cut resumed from the bytes already there, and the busy answer was waited out
        Assert.Equal(bytes, File.ReadAllBytes(Path.Combine(cache, "sa_000000.tar")));
        Assert.False(File.Exists(Path.Combine(cache, "sa_000000.tar.part")));
        var ranges = server.Inner.Requests.Where(r => r.Path == "/cdn/sa_000000.tar").Select(r => r.Headers.GetValueOrDefault("Range")).ToList();
        Assert.Equal([null, null, .. Enumerable.Range(1, 6).Select(k => $"bytes={k * 1024}-")], ranges);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1), $"Retry-After was not honoured ({clock.Elapsed})");
        Assert.Equal(4, summary.Successes);

        // And the dead link gave up after its retry budget (1 try + 3 retries) with the real reason as a row
        Assert.Equal(4, server.Inner.Hits("/toggle/x.tar"));
        Assert.Equal(1, summary.StatusCounts[RowStatus.FailedToDownload]);
    }

    [SharedDataFact]
    public async Task RunAsync_HostileAndTruncatedTar_IgnoresLinksRejectsEscapesAndRecordsTheTruncation()
    {
        // Given a WebDataset tar with escaping paths, links, a device, a FIFO, good samples, and a cut-off end
        using var temp = new TempDirectory();
        var full = temp.Combine("full.tar");
        var jpeg = File.ReadAllBytes(Path.Combine(TestPhotos.Small, "456_123.jpg"));
        var last = File.ReadAllBytes(Path.Combine(TestPhotos.Sam, "truck.jpg"));
        using (var builder = new TarBuilder(full))
        {
            builder.File("./000.jpg", jpeg).Text("./000.txt", "first caption").Text("./000.json", "{\"a\":1}")
                .File("../escape.jpg", jpeg)
                .File("/etc/absolute.jpg", jpeg)
                .File("dir/../../up.jpg", jpeg)
                .Entry(TarEntryType.SymbolicLink, "link.jpg", "/etc/passwd")
                .Entry(TarEntryType.HardLink, "hard.jpg", "000.jpg")
                .Entry(TarEntryType.CharacterDevice, "dev.jpg")
                .Entry(TarEntryType.Fifo, "fifo.jpg")
                .File("001.seg.png", jpeg).File("001.jpg", jpeg).Text("001.txt", "second")
                .File("002.jpg", last);
        }

        var tar = temp.Combine("data.tar");
        var whole = File.ReadAllBytes(full);
        File.WriteAllBytes(tar, whole[..(whole.Length - 1024 - (last.Length / 2))]);

        // When the index is read and the tar ingested
        var index = TarIndex.Read(tar, IngestConstants.DefaultMaxTarMemberBytes, CancellationToken.None);
        var output = temp.Combine("out");
        var summary = await new IngestRunner(IngestTestOptions.Create(tar, output)).RunAsync();

        // Then
        Assert.Equal(["../escape.jpg", "/etc/absolute.jpg", "dir/../../up.jpg"], index.Rejected);
        Assert.Equal(4, index.IgnoredEntries);
        Assert.Equal(["000.jpg", "000.txt", "000.json", "001.seg.png", "001.jpg", "001.txt"], index.Members.Select(m => m.Name));
        Assert.StartsWith("truncated tar: member 002.jpg", index.Truncation, StringComparison.Ordinal);
        var rows = ShardReadBack.Rows(output, "source_key, caption, json, status, error_message");
        Assert.Equal(
            [
                ["000", "first caption", "{\"a\":1}", RowStatus.Success, null],
                ["001", "second", null, RowStatus.Success, null],
                ["../escape.jpg", null, null, RowStatus.FailedToDownload, "unsafe tar member path '../escape.jpg': it escapes the archive"],
                ["/etc/absolute.jpg", null, null, RowStatus.FailedToDownload, "unsafe tar member path '/etc/absolute.jpg': it escapes the archive"],
                ["dir/../../up.jpg", null, null, RowStatus.FailedToDownload, "unsafe tar member path 'dir/../../up.jpg': it escapes the archive"],
                ["", null, null, RowStatus.FailedToDownload, index.Truncation],
            ],
            rows);
        Assert.Equal(2, summary.Successes);
    }

    [SharedDataFact]
    public async Task RunAsync_ImageFolderWithSidecars_UsesTxtAsCaption()
    {
        using var temp = new TempDirectory();
        var folder = temp.Combine("images");
        Directory.CreateDirectory(Path.Combine(folder, "sub"));
        File.Copy(Path.Combine(TestPhotos.Small, "456_123.jpg"), Path.Combine(folder, "a.jpg"));
        File.WriteAllText(Path.Combine(folder, "a.txt"), "a caption");
        File.Copy(Path.Combine(TestPhotos.Small, "389_535.png"), Path.Combine(folder, "sub", "b.png"));

        var output = temp.Combine("out");
        await new IngestRunner(IngestTestOptions.Create(folder, output)).RunAsync();

        var rows = ShardReadBack.Rows(output, "caption, url, status, original_width");
        Assert.Equal(
            [["a caption", Path.Combine(folder, "a.jpg"), RowStatus.Success, 456], [null, Path.Combine(folder, "sub", "b.png"), RowStatus.Success, 389]],
            rows);
    }

    /// <summary>Builds sa_000000.tar and serves it at <c>/cdn/sa_000000.tar</c>; returns its bytes.</summary>
    private static byte[] ServeSa1bTar(PhotoServer server, TempDirectory temp)
    {
        var built = temp.Combine("built.tar");
        BuildSa1bTar(built);
        var bytes = File.ReadAllBytes(built);
        server.Custom["/cdn/sa_000000.tar"] = ("application/x-tar", bytes);
        return bytes;
    }

    internal static List<(long Id, string Photo, JsonElement Annotations, int Width, int Height)> BuildSa1bTar(string path)
    {
        var expected = new List<(long, string, JsonElement, int, int)>();
        using var builder = new TarBuilder(path);
        for (var i = 0; i < SamPhotos.Length; i++)
        {
            var photo = SamPhotos[i];
            var bytes = File.ReadAllBytes(Path.Combine(TestPhotos.Sam, photo));
            var info = SkiaSharp.SKBitmap.DecodeBounds(bytes);
            var id = 1000 + (i * 37);
            var annotations = Enumerable.Range(0, i + 1).Select(a => new
            {
                bbox = new[] { 1.0 * a, 2.0, 30.0, 40.0 },
                area = 100 + a,
                segmentation = new { size = new[] { info.Height, info.Width }, counts = "`04n0\\]1;:^[" + a },
                predicted_iou = 0.9,
                point_coords = new[] { new[] { 10.5, 20.5 } },
                crop_box = new[] { 0.0, 0.0, info.Width, info.Height },
                id = 523353737 + a,
                stability_score = 0.95,
            }).ToArray();
            var json = JsonSerializer.Serialize(new { image = new { image_id = id, width = info.Width, height = info.Height, file_name = $"sa_{id}.jpg" }, annotations });
            if (i == 1)
            {
                builder.Text($"./sa_{id}.json", json).File($"./sa_{id}.jpg", bytes);
            }
            else
            {
                builder.File($"./sa_{id}.jpg", bytes).Text($"./sa_{id}.json", json);
            }

            expected.Add((id, photo, JsonDocument.Parse(json).RootElement.GetProperty("annotations").Clone(), info.Width, info.Height));
        }

        return expected;
    }
}
