namespace DataForge.Trainer.Tests.Training;

/// <summary>
/// Tests that compare training runs bit for bit run alone: libtorch's intra-op thread pool is shared by the whole
/// process, and a concurrent test that occupies it changes how reductions are split, which moves the last bits of
/// a loss.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BitExactCollection
{
    /// <summary>The collection name.</summary>
    public const string Name = "bit-exact training";
}
