namespace DataForge.Core.Shards;

/// <summary>
/// Values of the <c>status</c> column. The first three are img2dataset's, so its users' filters keep working
/// (<c>status != 'success'</c> selects rows to retry).
/// </summary>
public static class RowStatus
{
    /// <summary>The row was processed and its outputs are valid.</summary>
    public const string Success = "success";

    /// <summary>Fetching the source failed (HTTP error, timeout, opt-out, blocked address, hash mismatch).</summary>
    public const string FailedToDownload = "failed_to_download";

    /// <summary>The bytes arrived but could not be decoded, filtered in, resized or encoded.</summary>
    public const string FailedToResize = "failed_to_resize";

    /// <summary>The row was deliberately left out by a filter (e.g. a near-duplicate), with the reason recorded.</summary>
    public const string Filtered = "filtered";

    /// <summary>A later stage skipped the row because an earlier stage had failed it.</summary>
    public const string Skipped = "skipped";

    /// <summary>A later stage (captioning, feature extraction) failed on this row.</summary>
    public const string Failed = "failed";
}
