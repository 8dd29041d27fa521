using Xunit;

namespace DataForge.TestUtils;

/// <summary>A fact that skips, with a clear message, when <c>../shared/data</c> is absent.</summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    /// <summary>Creates the attribute.</summary>
    public SharedDataFactAttribute()
    {
        if (SharedData.Root is null)
        {
            Skip = SharedData.MissingMessage;
        }
    }
}
