namespace DataForge.ShapeWorld.Tests;

/// <summary>
/// Test classes that seed or draw from TorchSharp's process-wide generator (<c>torch.manual_seed</c> in the VAE,
/// captioner and text-encoder builders and trainers). xunit runs classes in parallel, and two such classes
/// interleaving their draws build different weights from the same seed (seen as a text-encoder export that no
/// longer equalled its torch twin), so they run one at a time.
/// </summary>
[CollectionDefinition(Name)]
public sealed class TorchGlobalRandomCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "torch global random generator";
}
