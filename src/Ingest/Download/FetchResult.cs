namespace DataForge.Ingest.Download;

/// <summary>The outcome of one HTTP fetch: the body, or why not and whether trying again could help.</summary>
internal sealed record FetchResult(byte[]? Body, string? Error, bool IsTransient, TimeSpan? RetryAfter)
{
    public static FetchResult Ok(byte[] body) => new(body, null, false, null);

    public static FetchResult Permanent(string error) => new(null, error, false, null);

    public static FetchResult Transient(string error, TimeSpan? retryAfter = null) => new(null, error, true, retryAfter);

    /// <summary>
    /// Classifies a response's status: null for 2xx; 429 and 5xx are transient (with the server's Retry-After on 429
    /// and 503, where HTTP defines it); any other status is permanent.
    /// </summary>
    public static FetchResult? FromStatus(HttpResponseMessage response, DateTimeOffset now)
    {
        var code = (int)response.StatusCode;
        var error = $"HTTP Error {code}: {response.ReasonPhrase}";
        return code switch
        {
            >= 200 and <= 299 => null,
            429 or 503 => Transient(error, RetryAfterParser.Parse(response.Headers.RetryAfter, now)),
            >= 500 => Transient(error),
            _ => Permanent(error),
        };
    }
}
