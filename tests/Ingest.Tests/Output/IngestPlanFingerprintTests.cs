using System.Security.Cryptography;
using System.Text;
using DataForge.Ingest.Output;
using DataForge.TestUtils;

namespace DataForge.Ingest.Tests.Output;

/// <summary>
/// Issue #19 renamed --url-col, --caption-col and --passthrough-col to the -column spelling. Shards finished before
/// the rename recorded fingerprints made with the old names; a rerun must still recognise them, or every existing
/// dataset would be refused as "made with another plan".
/// </summary>
public sealed class IngestPlanFingerprintTests
{
    [Fact]
    public void Fingerprint_UsesThePreRenameOptionNames()
    {
        using var temp = new TempDirectory();
        var input = temp.Combine("urls.csv");
        File.WriteAllText(input, "URL,TEXT,similarity\nhttp://example.com/a.jpg,an apple,0.3\n");
        var options = new IngestOptions { InputPath = input, UrlColumn = "URL", CaptionColumn = "TEXT", PassthroughColumns = ["similarity"] };

        var plan = IngestPlan.For(options);

        // What the stats of a shard written before the rename hold: sha256 over "name=value" lines, sorted by the old names.
        var old = new Dictionary<string, string>(StringComparer.Ordinal) { ["--url-column"] = "--url-col", ["--caption-column"] = "--caption-col", ["--passthrough-column"] = "--passthrough-col" };
        var lines = plan.Parameters.Where(p => p.Key != IngestPlan.InputPathParameter)
            .Select(p => (Key: old.GetValueOrDefault(p.Key, p.Key), p.Value))
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => p.Key + "=" + p.Value);
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", lines))))[..16];
        Assert.Contains("--caption-column", plan.Parameters.Keys);
        Assert.Equal(expected, plan.Fingerprint);
    }
}
