using System.Net.Http.Headers;

namespace DataForge.Ingest.Download;

/// <summary>Reads <c>Retry-After</c> as a delay: seconds, or an HTTP date relative to now.</summary>
internal static class RetryAfterParser
{
    public static TimeSpan? Parse(RetryConditionHeaderValue? header, DateTimeOffset now)
    {
        if (header is null)
        {
            return null;
        }

        if (header.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header.Date is { } date)
        {
            var wait = date - now;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }
}
