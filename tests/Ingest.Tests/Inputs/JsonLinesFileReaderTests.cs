using DataForge.Core.Errors;
using DataForge.Ingest.Inputs;
using DataForge.TestUtils;

namespace DataForge.Ingest.Tests.Inputs;

public sealed class JsonLinesFileReaderTests
{
    [Fact]
    public async Task ReadRowsAsync_LineThatIsNotJson_IsAUsageErrorNamingTheLine()
    {
        using var temp = new TempDirectory();
        var jsonl = temp.Combine("urls.jsonl");
        await File.WriteAllTextAsync(jsonl, "{\"url\":\"http://a/1.jpg\"}\n{\"url\":\"http://a/2.jpg\"}\n{\"url\": oops\n");
        await using var reader = await TabularFileReader.OpenAsync(jsonl, InputFormat.Jsonl, CancellationToken.None);

        var rows = 0;
        var error = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await foreach (var _ in reader.ReadRowsAsync(CancellationToken.None))
            {
                rows++;
            }
        });

        Assert.Equal(2, rows);
        Assert.Equal("--input", error.OptionName);
        Assert.Contains($"{jsonl}: line 3: not valid JSON", error.Message, StringComparison.Ordinal);
    }
}
