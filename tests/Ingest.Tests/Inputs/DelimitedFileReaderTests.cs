using DataForge.Core.Errors;
using DataForge.Ingest.Inputs;
using DataForge.TestUtils;

namespace DataForge.Ingest.Tests.Inputs;

public sealed class DelimitedFileReaderTests
{
    [Fact]
    public async Task ReadRowsAsync_FileEndsInsideAnOpenQuote_FailsNamingTheLineWhereTheQuoteOpened()
    {
        // Given a CSV whose fourth record opens a quote on physical line 5 that never closes (a closed multi-line
        // field before it, so records and lines differ)
        using var temp = new TempDirectory();
        var csv = temp.Combine("urls.csv");
        await File.WriteAllTextAsync(csv, "url,caption\nhttp://a/1.jpg,plain\nhttp://a/2.jpg,\"two\nlines\"\nhttp://a/3.jpg,\"never closed\nhttp://a/4.jpg,swallowed\n");
        await using var reader = await TabularFileReader.OpenAsync(csv, InputFormat.Csv, CancellationToken.None);

        // When every row is read
        var rows = new List<object?[]>();
        var error = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await foreach (var row in reader.ReadRowsAsync(CancellationToken.None))
            {
                rows.Add(row);
            }
        });

        // Then the complete records came through and the error names the file and the opening line
        Assert.Equal([["http://a/1.jpg", "plain"], ["http://a/2.jpg", "two\nlines"]], rows);
        Assert.Equal("--input", error.OptionName);
        Assert.Contains(csv, error.Message, StringComparison.Ordinal);
        Assert.Contains("line 5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_HeaderEndsInsideAnOpenQuote_FailsNamingLineOne()
    {
        using var temp = new TempDirectory();
        var tsv = temp.Combine("urls.tsv");
        await File.WriteAllTextAsync(tsv, "url\t\"caption\nhttp://a/1.jpg\tx\n");

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TabularFileReader.OpenAsync(tsv, InputFormat.Tsv, CancellationToken.None));

        Assert.Contains("line 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadRowsAsync_RecordWithTooManyFields_FailsNamingThePhysicalLineItStartsOn()
    {
        // Given a bad record on physical line 5, after a quoted field spanning lines 3-4
        using var temp = new TempDirectory();
        var csv = temp.Combine("urls.csv");
        await File.WriteAllTextAsync(csv, "url,caption\r\nhttp://a/1.jpg,plain\r\nhttp://a/2.jpg,\"two\r\nlines\"\r\nhttp://a/3.jpg,x,extra\r\n");
        await using var reader = await TabularFileReader.OpenAsync(csv, InputFormat.Csv, CancellationToken.None);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await foreach (var _ in reader.ReadRowsAsync(CancellationToken.None))
            {
            }
        });

        Assert.Contains("line 5: the record starting here has 3 fields, the header has 2", error.Message, StringComparison.Ordinal);
    }
}
