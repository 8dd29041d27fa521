namespace DataForge.Notebooks.Tests;

/// <summary>A fact that executes notebooks: it needs Debian's Jupyter packages and the Release build the notebooks reference.</summary>
public sealed class NotebookFactAttribute : FactAttribute
{
    /// <summary>Creates the attribute.</summary>
    public NotebookFactAttribute()
    {
        Skip = NotebookRunner.MissingReason();
    }
}
