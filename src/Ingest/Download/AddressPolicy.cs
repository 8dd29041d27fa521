using System.Net;
using System.Net.Sockets;

namespace DataForge.Ingest.Download;

/// <summary>
/// The SSRF guard's rule: which IP addresses a crawl may connect to. Loopback, private, carrier-grade NAT,
/// link-local (cloud metadata lives at 169.254.169.254), multicast, unspecified and reserved addresses are refused
/// unless private addresses are allowed outright or the address is inside an allowed range.
/// </summary>
internal sealed class AddressPolicy
{
    private readonly bool _allowPrivate;
    private readonly IReadOnlyList<IPNetwork> _allowedRanges;

    public AddressPolicy(bool allowPrivate, IEnumerable<string> allowedRanges)
    {
        _allowPrivate = allowPrivate;
        _allowedRanges = [.. allowedRanges.Select(r => IPNetwork.Parse(r))];
    }

    /// <summary>Returns why an address is refused, or null when it may be used.</summary>
    public string? Check(IPAddress address)
    {
        var plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        var category = Classify(plain);
        if (category is null || _allowPrivate)
        {
            return null;
        }

        foreach (var range in _allowedRanges)
        {
            if (range.Contains(plain) || range.Contains(address))
            {
                return null;
            }
        }

        return $"blocked address {plain} ({category})";
    }

    /// <summary>Names the special-purpose block an address is in, or null for a public address.</summary>
    internal static string? Classify(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            Span<byte> b = stackalloc byte[4];
            address.TryWriteBytes(b, out _);
            return b[0] switch
            {
                0 => "unspecified",
                10 => "private",
                127 => "loopback",
                100 when (b[1] & 0xC0) == 64 => "private",
                169 when b[1] == 254 => "link-local",
                172 when (b[1] & 0xF0) == 16 => "private",
                192 when b[1] == 168 => "private",
                192 when b[1] == 0 && b[2] == 0 => "reserved",
                198 when (b[1] & 0xFE) == 18 => "reserved",
                >= 224 and <= 239 => "multicast",
                >= 240 => "reserved",
                _ => null,
            };
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (address.Equals(IPAddress.IPv6Loopback))
            {
                return "loopback";
            }

            if (address.Equals(IPAddress.IPv6Any))
            {
                return "unspecified";
            }

            if (address.IsIPv6Multicast)
            {
                return "multicast";
            }

            if (address.IsIPv6LinkLocal)
            {
                return "link-local";
            }

            if (address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal)
            {
                return "private";
            }

            return null;
        }

        return "reserved";
    }
}
