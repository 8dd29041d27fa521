namespace DataForge.TestUtils;

/// <summary>
/// Locates the shared real-data folder (<c>../shared/data</c> beside the repository). Tests read it in place and
/// never copy it into the repository; where it is absent they skip with a message saying so.
/// </summary>
public static class SharedData
{
    private static readonly Lazy<string?> RootLazy = new(FindRoot);

    /// <summary>Gets the absolute path of <c>shared/data</c>, or <see langword="null"/> when it is absent.</summary>
    public static string? Root => RootLazy.Value;

    /// <summary>The message a test skips with when the data is absent.</summary>
    public const string MissingMessage =
        "shared test data not found: expected ../shared/data beside the repository (or DATAFORGE_SHARED_DATA)";

    /// <summary>Gets a path under <c>shared/data</c>; call only after <see cref="Root"/> was checked.</summary>
    /// <param name="parts">Path segments.</param>
    /// <returns>The absolute path.</returns>
    public static string Path(params string[] parts) =>
        System.IO.Path.Combine([Root ?? throw new InvalidOperationException(MissingMessage), .. parts]);

    private static string? FindRoot()
    {
        var fromEnv = Environment.GetEnvironmentVariable("DATAFORGE_SHARED_DATA");
        if (!string.IsNullOrEmpty(fromEnv) && Directory.Exists(fromEnv))
        {
            return System.IO.Path.GetFullPath(fromEnv);
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "shared", "data");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
