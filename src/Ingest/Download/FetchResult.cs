namespace DataForge.Ingest.Download;

/// <summary>The outcome of one HTTP fetch: the body, or why not and whether trying again could help.</summary>
internal sealed record FetchResult(byte[]? Body, string? Error, bool IsTransient, TimeSpan? RetryAfter)
{
    public static FetchResult Ok(byte[] body) => new(body, null, false, null);

    public static FetchResult Permanent(string error) => new(null, error, false, null);

    public static FetchResult Transient(string error, TimeSpan? retryAfter = null) => new(null, error, true, retryAfter);
}
