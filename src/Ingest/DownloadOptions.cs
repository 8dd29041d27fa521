using DataForge.Core.Errors;

namespace DataForge.Ingest;

/// <summary>How images are fetched over HTTP: retries, limits, politeness, opt-out and the SSRF guard.</summary>
public sealed class DownloadOptions
{
    /// <summary>Gets or sets the number of downloads in flight per shard (<c>--download-concurrency</c>).</summary>
    /// <value>The default value is <see cref="IngestConstants.DefaultDownloadConcurrency"/> (64).</value>
    public int Concurrency { get; set; } = IngestConstants.DefaultDownloadConcurrency;

    /// <summary>Gets or sets the number of requests in flight to one host, over the whole run (<c>--per-host-concurrency</c>).</summary>
    /// <value>The default value is <see cref="IngestConstants.DefaultPerHostConcurrency"/> (16).</value>
    public int PerHostConcurrency { get; set; } = IngestConstants.DefaultPerHostConcurrency;

    /// <summary>Gets or sets how often a transient failure (5xx, 429, timeout, reset) is retried (<c>--retries</c>).</summary>
    /// <value>The default value is <see cref="IngestConstants.DefaultMaxRetries"/> (2).</value>
    public int MaxRetries { get; set; } = IngestConstants.DefaultMaxRetries;

    /// <summary>Gets or sets the base delay of the jittered exponential backoff (<c>--retry-delay</c>).</summary>
    /// <value>The default value is 0.5 s.</value>
    public TimeSpan RetryBaseDelay { get; set; } = IngestConstants.DefaultRetryBaseDelay;

    /// <summary>Gets or sets the cap on one backoff delay; a longer <c>Retry-After</c> fails the row instead (<c>--max-retry-delay</c>).</summary>
    /// <value>The default value is 30 s.</value>
    public TimeSpan MaxRetryDelay { get; set; } = IngestConstants.DefaultMaxRetryDelay;

    /// <summary>
    /// Gets or sets the time limit of one attempt, headers and body (<c>--timeout</c>). Time spent waiting for a
    /// per-host slot (<see cref="PerHostConcurrency"/>) is not counted.
    /// </summary>
    /// <value>The default value is 10 s.</value>
    public TimeSpan AttemptTimeout { get; set; } = IngestConstants.DefaultAttemptTimeout;

    /// <summary>
    /// Gets or sets the time limit of a whole request: every attempt, delay and redirect (<c>--total-timeout</c>). Time
    /// spent waiting for a per-host slot is not counted.
    /// </summary>
    /// <value>The default value is 45 s.</value>
    public TimeSpan TotalTimeout { get; set; } = IngestConstants.DefaultTotalTimeout;

    /// <summary>Gets or sets the maximum number of redirects followed (<c>--max-redirects</c>).</summary>
    /// <value>The default value is <see cref="IngestConstants.DefaultMaxRedirects"/> (5).</value>
    public int MaxRedirects { get; set; } = IngestConstants.DefaultMaxRedirects;

    /// <summary>Gets or sets the largest body accepted, in bytes (<c>--max-body-bytes</c>).</summary>
    /// <value>The default value is 32 MiB.</value>
    public long MaxBodyBytes { get; set; } = IngestConstants.DefaultMaxBodyBytes;

    /// <summary>
    /// Gets or sets the largest tar member (WebDataset, SA-1B) read into memory, in bytes; a bigger member is decided
    /// from its header alone and becomes a <c>failed_to_download</c> row, as an oversize body does (<c>--max-tar-member-bytes</c>).
    /// </summary>
    /// <value>The default value is 256 MiB.</value>
    public long MaxTarMemberBytes { get; set; } = IngestConstants.DefaultMaxTarMemberBytes;

    /// <summary>Gets or sets the User-Agent header (<c>--user-agent</c>).</summary>
    /// <value>The default value is <see cref="IngestConstants.DefaultUserAgent"/>.</value>
    public string UserAgent { get; set; } = IngestConstants.DefaultUserAgent;

    /// <summary>
    /// Gets or sets a crawler token appended to the User-Agent as <c>(compatible; token)</c>; <c>X-Robots-Tag</c>
    /// directives scoped to this token apply too (<c>--user-agent-token</c>).
    /// </summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? UserAgentToken { get; set; }

    /// <summary>Gets or sets the <c>X-Robots-Tag</c> directives that refuse an image; empty disables the opt-out check (<c>--disallowed-header-directives</c>).</summary>
    /// <value>The default value is <c>noai, noimageai, noindex, noimageindex</c>.</value>
    public IList<string> DisallowedHeaderDirectives { get; set; } = [.. IngestConstants.DefaultDisallowedDirectives];

    /// <summary>
    /// Gets or sets whether loopback, private, link-local and multicast addresses may be fetched; off by default so a
    /// URL list cannot make the crawler reach internal services (<c>--allow-private-addresses</c>).
    /// </summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool AllowPrivateAddresses { get; set; }

    /// <summary>
    /// Gets or sets CIDR ranges (e.g. <c>10.1.0.0/16</c>, <c>127.0.0.1/32</c>) allowed although private, for internal
    /// mirrors, without opening every private address (<c>--allow-address-range</c>).
    /// </summary>
    /// <value>The default value is empty.</value>
    public IList<string> AllowedAddressRanges { get; set; } = [];

    /// <summary>Gets or sets whether a <c>text/*</c> Content-Type (an error page, not an image) fails the row before the body is read (<c>--reject-text-content</c>).</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool RejectTextContentTypes { get; set; } = true;

    /// <summary>Validates the options.</summary>
    /// <exception cref="OptionsValidationException">A value is out of range.</exception>
    public void Validate()
    {
        Positive(Concurrency, "--download-concurrency");
        Positive(PerHostConcurrency, "--per-host-concurrency");
        if (MaxRetries < 0)
        {
            throw new OptionsValidationException("--retries", $"must be 0 or more, got {MaxRetries}");
        }

        if (MaxRedirects < 0)
        {
            throw new OptionsValidationException("--max-redirects", $"must be 0 or more, got {MaxRedirects}");
        }

        if (RetryBaseDelay < TimeSpan.Zero || MaxRetryDelay < RetryBaseDelay)
        {
            throw new OptionsValidationException("--retry-delay/--max-retry-delay", "need 0 ≤ retry delay ≤ max retry delay");
        }

        if (AttemptTimeout <= TimeSpan.Zero || TotalTimeout < AttemptTimeout)
        {
            throw new OptionsValidationException("--timeout/--total-timeout", "need 0 < timeout ≤ total timeout");
        }

        if (MaxBodyBytes < 1)
        {
            throw new OptionsValidationException("--max-body-bytes", $"must be positive, got {MaxBodyBytes}");
        }

        if (MaxTarMemberBytes < 1 || MaxTarMemberBytes > Array.MaxLength)
        {
            throw new OptionsValidationException("--max-tar-member-bytes", $"must be within 1..{Array.MaxLength} (one in-memory array), got {MaxTarMemberBytes}");
        }

        if (string.IsNullOrWhiteSpace(UserAgent))
        {
            throw new OptionsValidationException("--user-agent", "must not be empty");
        }

        if (UserAgentToken is { } token && (token.Length == 0 || token.Any(c => char.IsWhiteSpace(c) || c is ':' or ';' or '(' or ')')))
        {
            throw new OptionsValidationException("--user-agent-token", $"'{token}' must be one word without ':;()'");
        }

        foreach (var range in AllowedAddressRanges)
        {
            if (!System.Net.IPNetwork.TryParse(range, out _))
            {
                throw new OptionsValidationException("--allow-address-range", $"'{range}' is not a CIDR range such as 10.0.0.0/8");
            }
        }
    }

    private static void Positive(int value, string option)
    {
        if (value < 1)
        {
            throw new OptionsValidationException(option, $"must be at least 1, got {value}");
        }
    }
}
