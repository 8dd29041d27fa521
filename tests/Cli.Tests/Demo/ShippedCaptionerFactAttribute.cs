using DataForge.Cli.Demo;

namespace DataForge.Cli.Tests.Demo;

/// <summary>A fact that skips, saying why, when the shipped shape-world captioner is not next to the binary.</summary>
public sealed class ShippedCaptionerFactAttribute : FactAttribute
{
    /// <summary>Creates the attribute.</summary>
    public ShippedCaptionerFactAttribute()
    {
        if (!File.Exists(Path.Combine(ShippedCaptioner.DefaultDirectory, "config.json")))
        {
            Skip = $"the shipped captioner is not built next to the tests ({ShippedCaptioner.DefaultDirectory}); it comes from {ShippedCaptioner.RelativePath} in the repository";
        }
    }
}
