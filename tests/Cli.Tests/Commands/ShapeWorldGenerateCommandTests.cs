using System.Text.Json;
using DataForge.Cli.Demo;
using DataForge.Core.Errors;
using DataForge.ShapeWorld;
using DataForge.TestUtils;

namespace DataForge.Cli.Tests.Commands;

public sealed class ShapeWorldGenerateCommandTests
{
    [Fact]
    public async Task Generate_ServedFolder_IngestsEveryImageWithItsAltText()
    {
        using var dir = new TempDirectory();
        await using var server = new DemoImageServer();
        server.Start();
        var output = dir.Combine("world");

        var (code, stdout, error) = await CliRun.RunAsync("shapeworld", "generate", "--count", "12", "--seed", "5", "-o", output, "--base-url", server.BaseUrl, "-j", "2");

        Assert.True(code == 0, error);
        Assert.Contains("12 scenes in", stdout, StringComparison.Ordinal);
        var generator = new ShapeWorldGenerator(5);
        var lines = await File.ReadAllLinesAsync(Path.Combine(output, "scenes.jsonl"));
        Assert.Equal(12, lines.Length);
        for (var i = 0; i < 12; i++)
        {
            var scene = generator.Generate(i);
            var png = await File.ReadAllBytesAsync(Path.Combine(output, "images", $"{i:D8}.png"));
            Assert.Equal(scene.EncodePng(), png);
            server.Add($"images/{i:D8}.png", 200, "image/png", png);
            using var json = JsonDocument.Parse(lines[i]);
            Assert.Equal(scene.DenseCaption, json.RootElement.GetProperty("dense_caption").GetString());
            Assert.Equal(scene.Graph.Objects.Count, json.RootElement.GetProperty("objects").GetArrayLength());
            Assert.Equal(scene.Graph.Objects[0].ColorName, json.RootElement.GetProperty("objects")[0].GetProperty("color").GetString());
        }

        var list = DuckDb.Escape(Path.Combine(output, "urls.parquet"));
        Assert.Equal(12L, DuckDb.Scalar($"SELECT count(*) FROM read_parquet('{list}') WHERE url LIKE '{server.BaseUrl}images/%.png' AND length(alt_text) > 0"));
        var firstAlt = generator.Generate(0).AltText.Replace("'", "''", StringComparison.Ordinal);
        Assert.Equal(1L, DuckDb.Scalar($"SELECT count(*) FROM read_parquet('{list}') WHERE path = 'images/00000000.png' AND alt_text = '{firstAlt}'"));

        // The URL list is ingest's input as it stands: every image downloads, with its alt-text as the caption.
        var ingest = await CliRun.RunAsync(
            "ingest", "--input", Path.Combine(output, "urls.parquet"), "--url-column", "url", "--caption-column", "alt_text", "--allow-private-addresses",
            "--output", dir.Combine("shards"), "--manifest-dir", dir.Combine("manifests"), "--parallelism", "1");
        Assert.True(ingest.ExitCode == 0, ingest.Error);
        var shards = DuckDb.Escape(dir.Combine("shards", "*.parquet"));
        Assert.Equal(12L, DuckDb.Scalar($"SELECT count(*) FROM read_parquet('{shards}') WHERE status = 'success' AND original_width = 64 AND caption IS NOT NULL"));
    }

    [Theory]
    [InlineData("--count", "0")]
    [InlineData("--count", "-3")]
    [InlineData("--base-url", "ftp://example.org/")]
    [InlineData("--parallelism", "0")]
    [InlineData("--start-index", "-1")]
    public async Task Generate_BadOption_IsRefusedWithUsageCodeAndWritesNothing(string option, string value)
    {
        using var dir = new TempDirectory();
        var output = dir.Combine("world");
        var args = new List<string> { "shapeworld", "generate", "-o", output, option, value };
        if (option != "--count")
        {
            args.AddRange(["--count", "3"]);
        }

        var (code, _, error) = await CliRun.RunAsync([.. args]);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(option.TrimStart('-'), error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public async Task Generate_NonEmptyFolder_NeedsOverwriteAndNeverReplacesAForeignFolder()
    {
        using var dir = new TempDirectory();
        var output = dir.Combine("world");
        Assert.Equal(0, (await CliRun.RunAsync("shapeworld", "generate", "--count", "2", "-o", output)).ExitCode);

        var again = await CliRun.RunAsync("shapeworld", "generate", "--count", "3", "-o", output);
        Assert.Equal(ExitCodes.Usage, again.ExitCode);
        Assert.Contains("--overwrite", again.Error, StringComparison.Ordinal);
        Assert.Equal(2, Directory.GetFiles(Path.Combine(output, "images")).Length);

        Assert.Equal(0, (await CliRun.RunAsync("shapeworld", "generate", "--count", "3", "-o", output, "--overwrite")).ExitCode);
        Assert.Equal(3, Directory.GetFiles(Path.Combine(output, "images")).Length);

        var foreign = dir.Combine("foreign");
        Directory.CreateDirectory(foreign);
        await File.WriteAllTextAsync(Path.Combine(foreign, "precious.txt"), "user data");
        var refused = await CliRun.RunAsync("shapeworld", "generate", "--count", "3", "-o", foreign, "--overwrite");
        Assert.Equal(ExitCodes.Usage, refused.ExitCode);
        Assert.True(File.Exists(Path.Combine(foreign, "precious.txt")));
    }
}
