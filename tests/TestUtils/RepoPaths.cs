namespace DataForge.TestUtils;

/// <summary>Locates the repository root from a test assembly, for tests that read checked-in files.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> RootLazy = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DataForge.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("DataForge.sln not found above " + AppContext.BaseDirectory);
    });

    /// <summary>Gets the repository root.</summary>
    public static string Root => RootLazy.Value;

    /// <summary>Combines segments under the repository root.</summary>
    /// <param name="parts">Segments.</param>
    /// <returns>The path.</returns>
    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>Gets the <c>dataforge.dll</c> built in the same configuration (Debug or Release) as the running tests.</summary>
    public static string CliAssembly
    {
        get
        {
            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
            return Combine("src", "Cli", "bin", configuration, "net10.0", "dataforge.dll");
        }
    }
}
