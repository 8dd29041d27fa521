using DataForge.Core.Shards;
using DataForge.Ingest.Inputs;
using DataForge.Ingest.Tests.Infrastructure;
using DataForge.TestUtils;

namespace DataForge.Ingest.Tests.Inputs;

/// <summary>
/// Every img2dataset input format in <c>shared/data/laion</c> must yield the same 1000 (URL, TEXT) rows as
/// DuckDB reads from <c>test_1000.parquet</c>, in the same order.
/// </summary>
public sealed class UrlListFormatTests
{
    public static TheoryData<string, InputFormat> Formats => new()
    {
        { "test_1000.parquet", InputFormat.Parquet },
        { "derived/test_1000.csv", InputFormat.Csv },
        { "derived/test_1000.csv.gz", InputFormat.Csv },
        { "derived/test_1000.tsv", InputFormat.Tsv },
        { "derived/test_1000.tsv.gz", InputFormat.Tsv },
        { "derived/test_1000.json", InputFormat.Json },
        { "derived/test_1000.json.gz", InputFormat.Json },
        { "derived/test_1000.jsonl", InputFormat.Jsonl },
        { "derived/test_1000.jsonl.gz", InputFormat.Jsonl },
    };

    [SharedDataTheory]
    [MemberData(nameof(Formats))]
    public async Task ReadAsync_EachFormat_YieldsTheParquetRowsExactly(string file, InputFormat expectedFormat)
    {
        // Given the reference rows, read by DuckDB
        var expected = DuckDb.Query($"SELECT URL, TEXT FROM read_parquet('{DuckDb.Escape(Path.Combine(TestPhotos.Laion, "test_1000.parquet"))}')");
        var path = Path.Combine(TestPhotos.Laion, file);

        // When the format is detected from the name and the file is read
        var (format, files) = InputFiles.Resolve(path, InputFormat.Auto);
        var options = new IngestOptions { InputPath = path, UrlColumn = "URL", CaptionColumn = "TEXT" };
        var source = await UrlListSource.OpenAsync(options, format, files, CancellationToken.None);
        var rows = new List<InputRecord>();
        await foreach (var record in source.ReadAsync(CancellationToken.None))
        {
            rows.Add(record);
        }

        // Then
        Assert.Equal(expectedFormat, format);
        Assert.Equal([ShardColumns.Caption, ShardColumns.Url], source.Schema.Leading.Select(c => c.Name));
        Assert.Equal(1000, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.Equal(expected[i][0], rows[i].Url);
            Assert.Equal(expected[i][1], rows[i].Leading[0]);
        }
    }

    [SharedDataTheory]
    [InlineData("derived/test_1000_urls.txt")]
    [InlineData("derived/test_1000_urls.txt.gz")]
    public async Task ReadAsync_UrlOnlyText_YieldsOneRowPerUrl(string file)
    {
        var expected = DuckDb.Query($"SELECT URL FROM read_parquet('{DuckDb.Escape(Path.Combine(TestPhotos.Laion, "test_1000.parquet"))}')");
        var rows = await ReadAllAsync(Path.Combine(TestPhotos.Laion, file), new IngestOptions());

        Assert.Equal(expected.Select(r => (string?)r[0]), rows.Select(r => r.Url));
        Assert.All(rows, r => Assert.Single(r.Leading));
    }

    [SharedDataFact]
    public async Task ReadAsync_Folder_ReadsEveryFileOfTheFormatInNameOrder()
    {
        // Given a folder with two copies of the csv (and files of other formats, which are ignored)
        using var temp = new TempDirectory();
        File.Copy(Path.Combine(TestPhotos.Laion, "derived/test_1000.csv"), temp.Combine("b.csv"));
        File.Copy(Path.Combine(TestPhotos.Laion, "derived/test_1000.csv"), temp.Combine("a.csv"));
        File.Copy(Path.Combine(TestPhotos.Laion, "derived/test_1000.jsonl"), temp.Combine("c.jsonl"));

        var (format, files) = InputFiles.Resolve(temp.Path, InputFormat.Auto);

        Assert.Equal(InputFormat.Csv, format);
        Assert.Equal(["a.csv", "b.csv"], files.Select(Path.GetFileName));
        var rows = await ReadAllAsync(temp.Path, new IngestOptions { UrlColumn = "URL" });
        Assert.Equal(2000, rows.Count);
    }

    [SharedDataFact]
    public async Task ReadAsync_DirtyLaionRows_ArePassedThroughUnchanged()
    {
        // test_10000.parquet: duplicate URL at rows 4183/4583, TABs in the caption of row 4473, "UNLIKELY" as URL at 4674
        var rows = await ReadAllAsync(Path.Combine(TestPhotos.Laion, "test_10000.parquet"), new IngestOptions { UrlColumn = "URL", CaptionColumn = "TEXT" });

        Assert.Equal(10000, rows.Count);
        Assert.Equal(rows[4183].Url, rows[4583].Url);
        Assert.Contains('\t', (string)rows[4473].Leading[0]!);
        Assert.Equal("UNLIKELY", rows[4674].Url);
    }

    [SharedDataFact]
    public async Task ReadAsync_PassthroughAndHashColumns_AreCarried()
    {
        var rows = await ReadAllAsync(
            Path.Combine(TestPhotos.Laion, "sample_image.parquet"),
            new IngestOptions { CaptionColumn = "txt", VerifyHashColumn = "sha256hash", PassthroughColumns = ["sha256hash"] });

        Assert.Equal(2, rows.Count);
        Assert.NotEqual(rows[0].ExpectedHash, rows[1].ExpectedHash);
        Assert.All(rows, r => Assert.Equal(r.ExpectedHash, r.Leading[0]));
    }

    [Fact]
    public void ReadRecord_QuotedFieldsWithDelimitersQuotesAndNewlines_AreParsed()
    {
        var reader = new StringReader("a,\"b,\"\"c\"\"\nd\",e\r\nx,y,z");
        var line = 1;

        var first = DelimitedFileReader.ReadRecord(reader, ',', new System.Text.StringBuilder(), "t.csv", ref line);
        var secondLine = line;
        var second = DelimitedFileReader.ReadRecord(reader, ',', new System.Text.StringBuilder(), "t.csv", ref line);

        Assert.Equal(["a", "b,\"c\"\nd", "e"], first);
        Assert.Equal(3, secondLine);
        Assert.Equal(["x", "y", "z"], second);
        Assert.Null(DelimitedFileReader.ReadRecord(reader, ',', new System.Text.StringBuilder(), "t.csv", ref line));
    }

    private static async Task<List<InputRecord>> ReadAllAsync(string path, IngestOptions options)
    {
        var (format, files) = InputFiles.Resolve(path, InputFormat.Auto);
        var source = await UrlListSource.OpenAsync(options, format, files, CancellationToken.None);
        var rows = new List<InputRecord>();
        await foreach (var record in source.ReadAsync(CancellationToken.None))
        {
            rows.Add(record);
        }

        return rows;
    }
}
