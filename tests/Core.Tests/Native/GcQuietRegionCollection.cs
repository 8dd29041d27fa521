namespace DataForge.Core.Tests.Native;

/// <summary>Runs the no-GC-region tests alone: another test allocating meanwhile would end the process-wide region.</summary>
[CollectionDefinition(nameof(GcQuietRegionTests), DisableParallelization = true)]
public sealed class GcQuietRegionCollection;
