using Xunit;

namespace DataForge.TestUtils;

/// <summary>A theory that skips, with a clear message, when <c>../shared/data</c> is absent.</summary>
public sealed class SharedDataTheoryAttribute : TheoryAttribute
{
    /// <summary>Creates the attribute.</summary>
    public SharedDataTheoryAttribute()
    {
        if (SharedData.Root is null)
        {
            Skip = SharedData.MissingMessage;
        }
    }
}
