namespace DataForge.Ingest.Inputs;

/// <summary>
/// What a local source yields for one row when it is processed: the image bytes (or why there are none) and the
/// full trailing values, which may be costly to read (SA-1B annotation JSON) and so are read only then.
/// </summary>
/// <param name="Image">The image bytes, or null when <paramref name="Failure"/> says why not.</param>
/// <param name="Trailing">Full values of <see cref="InputSchema.Trailing"/>, or null to keep the record's.</param>
/// <param name="Failure">A reason the row cannot be processed, or null.</param>
internal sealed record LocalPayload(byte[]? Image, object?[]? Trailing, RowOutcome? Failure)
{
    /// <summary>
    /// Gets a check that needs the processed image (an SA-1B JSON's claimed size against the decoded one): it gets the
    /// outcome and returns the row's final trailing values. Null when the source has nothing to check.
    /// </summary>
    public Func<RowOutcome, object?[]>? AfterProcessing { get; init; }
}
