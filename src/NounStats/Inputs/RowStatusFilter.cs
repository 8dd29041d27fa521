using DataForge.Core.Shards;

namespace DataForge.NounStats.Inputs;

/// <summary>
/// Decides which rows are counted: a row whose <c>status</c> or <c>caption_status</c> (where the input has them) is
/// not <c>success</c> is left out unless failed rows are asked for, since a failed row has no real caption and would
/// count as a caption with no nouns.
/// </summary>
internal static class RowStatusFilter
{
    /// <summary>The status fields that can mark a row failed.</summary>
    public static readonly string[] StatusFields = [ShardColumns.Status, ShardColumns.CaptionStatus];

    /// <summary>Returns whether a row with these statuses is counted.</summary>
    /// <param name="status">The row's <c>status</c>, or <see langword="null"/> when the input has no such field.</param>
    /// <param name="hasStatus">Whether the input has a <c>status</c> field at all.</param>
    /// <param name="captionStatus">The row's <c>caption_status</c>.</param>
    /// <param name="hasCaptionStatus">Whether the input has a <c>caption_status</c> field at all.</param>
    /// <returns><see langword="true"/> when every status the input has is <c>success</c>.</returns>
    public static bool IsSuccess(string? status, bool hasStatus, string? captionStatus, bool hasCaptionStatus) =>
        (!hasStatus || status == RowStatus.Success) && (!hasCaptionStatus || captionStatus == RowStatus.Success);

    /// <summary>Keeps the captions of the counted rows of a table.</summary>
    /// <param name="captions">Captions, one per row.</param>
    /// <param name="status">The <c>status</c> column, or <see langword="null"/>.</param>
    /// <param name="captionStatus">The <c>caption_status</c> column, or <see langword="null"/>.</param>
    /// <param name="includeFailedRows">Count every row regardless of status.</param>
    /// <param name="leftOut">Rows not counted.</param>
    /// <returns>The counted rows' captions, in row order.</returns>
    public static string?[] Apply(string?[] captions, string?[]? status, string?[]? captionStatus, bool includeFailedRows, out long leftOut)
    {
        leftOut = 0;
        if (includeFailedRows || (status is null && captionStatus is null))
        {
            return captions;
        }

        var kept = new List<string?>(captions.Length);
        for (var i = 0; i < captions.Length; i++)
        {
            if (IsSuccess(status?[i], status is not null, captionStatus?[i], captionStatus is not null))
            {
                kept.Add(captions[i]);
            }
            else
            {
                leftOut++;
            }
        }

        return [.. kept];
    }
}
