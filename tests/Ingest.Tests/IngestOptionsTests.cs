using DataForge.Core.Errors;
using DataForge.TestUtils;

namespace DataForge.Ingest.Tests;

public sealed class IngestOptionsTests
{
    public static TheoryData<string, Action<IngestOptions>> Invalid => new()
    {
        { "--input", o => o.InputPath = "" },
        { "--input", o => o.InputPath = "/does/not/exist" },
        { "--samples-per-shard", o => o.SamplesPerShard = 0 },
        { "--row-group-size", o => o.RowGroupSize = 0 },
        { "--shard-parallelism", o => o.ShardParallelism = 0 },
        { "--passthrough-column", o => o.PassthroughColumns = ["status"] },
        { "--passthrough-column", o => o.PassthroughColumns = ["a", "a"] },
        { "--image-size", o => o.Image.ImageSize = 0 },
        { "--encode-quality", o => o.Image.EncodeQuality = 0 },
        { "--max-aspect-ratio", o => o.Image.MaxAspectRatio = 0.5 },
        { "--download-concurrency", o => o.Download.Concurrency = 0 },
        { "--timeout/--total-timeout", o => o.Download.TotalTimeout = TimeSpan.FromSeconds(1) },
        { "--allow-address-range", o => o.Download.AllowedAddressRanges = ["not-a-range"] },
        { "--max-tar-member-bytes", o => o.Download.MaxTarMemberBytes = 0 },
        { "--max-tar-member-bytes", o => o.Download.MaxTarMemberBytes = (long)Array.MaxLength + 1 },
        { "--user-agent-token", o => o.Download.UserAgentToken = "two words" },
        { "--dedup-distance", o => o.NearDuplicates.MaxHammingDistance = 40 },
        { "--dedup-color-distance", o => o.NearDuplicates.MaxColorDistance = 3 },
        { "--parallelism", o => o.Run.Parallelism = 0 },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Constructor_InvalidOption_ThrowsNamingTheCliOption(string option, Action<IngestOptions> breakIt)
    {
        using var temp = new TempDirectory();
        var options = new IngestOptions { InputPath = temp.Path };
        options.Run.OutputDirectory = temp.Combine("out");
        breakIt(options);

        var error = Assert.Throws<OptionsValidationException>(() => new IngestRunner(options));

        Assert.Equal(option, error.OptionName);
    }

    [Fact]
    public void Constructor_RetryIntoTheSameFolder_IsRefused()
    {
        using var temp = new TempDirectory();
        var options = new IngestOptions { RetryFailedFrom = temp.Path };
        options.Run.OutputDirectory = temp.Path;

        Assert.Equal("--retry-failed-from", Assert.Throws<OptionsValidationException>(() => new IngestRunner(options)).OptionName);
    }

    [Fact]
    public void Defaults_MatchTheConstants()
    {
        var options = new IngestOptions();

        Assert.Equal(10_000, options.SamplesPerShard);
        Assert.Equal(ImageResizeMode.Border, options.Image.ResizeMode);
        Assert.Equal(256, options.Image.ImageSize);
        Assert.Equal(95, options.Image.EncodeQuality);
        Assert.False(options.Download.AllowPrivateAddresses);
        Assert.Equal(["noai", "noimageai", "noindex", "noimageindex"], options.Download.DisallowedHeaderDirectives);
        Assert.False(options.NearDuplicates.Enabled);
    }
}
