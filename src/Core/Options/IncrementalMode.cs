namespace DataForge.Core.Options;

/// <summary>What a stage does with shards already in its output folder (img2dataset's <c>incremental_mode</c>).</summary>
public enum IncrementalMode
{
    /// <summary>Skip shards whose done-marker exists; redo interrupted ones.</summary>
    Incremental,

    /// <summary>Delete existing output shards and start over.</summary>
    Overwrite,

    /// <summary>Keep existing shards and number new ones after the highest existing id.</summary>
    Extend,
}
