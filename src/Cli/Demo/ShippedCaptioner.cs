using DataForge.Core.Errors;

namespace DataForge.Cli.Demo;

/// <summary>
/// Finds the shape-world captioner the repository ships (<c>models/shapeworld-captioner/</c>). The CLI project copies
/// that folder next to its binary, so <c>dotnet run --project src/Cli</c>, the test runner and a published binary all
/// find it at <c>&lt;binary folder&gt;/models/shapeworld-captioner</c> without knowing where the repository is.
/// </summary>
public static class ShippedCaptioner
{
    /// <summary>The folder name, relative to the repository root and to the binary's folder.</summary>
    public const string RelativePath = "models/shapeworld-captioner";

    /// <summary>Gets where the shipped model is expected next to the binary.</summary>
    public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, RelativePath);

    /// <summary>Resolves the model folder the demo captions with.</summary>
    /// <param name="requested">A folder the user named, or null for the shipped model.</param>
    /// <returns>The folder.</returns>
    /// <exception cref="OptionsValidationException">The named folder holds no model (exit 2).</exception>
    /// <exception cref="EnvironmentUnavailableException">The shipped model is not next to the binary (exit 3).</exception>
    public static string Resolve(string? requested) => Resolve(requested, DefaultDirectory);

    /// <summary>Resolves the model folder, with the shipped model expected in <paramref name="shippedDirectory"/>.</summary>
    /// <param name="requested">A folder the user named, or null for the shipped model.</param>
    /// <param name="shippedDirectory">Where the shipped model should be.</param>
    /// <returns>The folder.</returns>
    internal static string Resolve(string? requested, string shippedDirectory)
    {
        if (requested is not null)
        {
            var full = Path.GetFullPath(requested);
            return File.Exists(Path.Combine(full, "config.json"))
                ? full
                : throw new OptionsValidationException("--model", $"{full} has no config.json; it is not a LLaVA-layout model folder");
        }

        return File.Exists(Path.Combine(shippedDirectory, "config.json"))
            ? shippedDirectory
            : throw new EnvironmentUnavailableException(
                "shape-world captioner",
                $"the shipped model is missing: no {Path.Combine(shippedDirectory, "config.json")} (the build copies {RelativePath} from the repository; pass --model DIR to use another)");
    }
}
