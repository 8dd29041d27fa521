using System.Net;
using System.Net.Http.Headers;
using DataForge.Ingest.Download;

namespace DataForge.Ingest.Tests.Download;

public sealed class PolicyTests
{
    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("10.2.3.4", "private")]
    [InlineData("172.16.0.1", "private")]
    [InlineData("172.31.255.255", "private")]
    [InlineData("192.168.1.1", "private")]
    [InlineData("100.64.0.1", "private")]
    [InlineData("169.254.169.254", "link-local")]
    [InlineData("224.0.0.1", "multicast")]
    [InlineData("0.0.0.0", "unspecified")]
    [InlineData("::1", "loopback")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("fd00::1", "private")]
    [InlineData("ff02::1", "multicast")]
    [InlineData("::ffff:127.0.0.1", "loopback")]
    [InlineData("8.8.8.8", null)]
    [InlineData("172.32.0.1", null)]
    [InlineData("2606:4700::1111", null)]
    public void Check_DefaultPolicy_BlocksSpecialPurposeAddresses(string address, string? category)
    {
        var reason = new AddressPolicy(false, []).Check(IPAddress.Parse(address));

        Assert.Equal(category, reason is null ? null : reason[(reason.IndexOf('(') + 1)..^1]);
    }

    [Fact]
    public void Check_AllowedRangesAndAllowPrivate_OpenOnlyWhatTheySay()
    {
        var ranged = new AddressPolicy(false, ["127.0.0.0/8"]);

        Assert.Null(ranged.Check(IPAddress.Parse("127.0.0.1")));
        Assert.NotNull(ranged.Check(IPAddress.Parse("10.0.0.1")));
        Assert.Null(new AddressPolicy(true, []).Check(IPAddress.Parse("10.0.0.1")));
    }

    [Theory]
    [InlineData("noai", null, true)]
    [InlineData("noimageindex, nofollow", null, true)]
    [InlineData("NoAI", null, true)]
    [InlineData("otherbot: noai", "mybot", false)]
    [InlineData("mybot: noai", "mybot", true)]
    [InlineData("MyBot: noimageai", "mybot", true)]
    [InlineData("mybot: noai", null, false)]
    [InlineData("nofollow, noarchive", null, false)]
    public void IsDisallowed_ParsesTokensAndDirectives(string header, string? token, bool disallowed)
    {
        Assert.Equal(disallowed, RobotsTagPolicy.IsDisallowed([header], IngestConstants.DefaultDisallowedDirectives.ToArray(), token));
    }

    [Fact]
    public void IsDisallowed_EmptyDirectiveList_DisablesTheCheck()
    {
        Assert.False(RobotsTagPolicy.IsDisallowed(["noai"], [], null));
    }

    [Fact]
    public void Parse_RetryAfterSecondsOrDate_GivesTheDelay()
    {
        var now = new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal(TimeSpan.FromSeconds(7), RetryAfterParser.Parse(new RetryConditionHeaderValue(TimeSpan.FromSeconds(7)), now));
        Assert.Equal(TimeSpan.FromSeconds(90), RetryAfterParser.Parse(new RetryConditionHeaderValue(now.AddSeconds(90)), now));
        Assert.Equal(TimeSpan.Zero, RetryAfterParser.Parse(new RetryConditionHeaderValue(now.AddSeconds(-5)), now));
        Assert.Null(RetryAfterParser.Parse(null, now));
    }
}
