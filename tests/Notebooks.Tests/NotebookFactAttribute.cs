namespace DataForge.Notebooks.Tests;

/// <summary>
/// A fact that executes notebooks. It skips, naming what to install, without Jupyter (Debian's jupyter-nbconvert,
/// python3-nbclient, python3-ipykernel, jupyter-client), the Release build the notebooks reference, or the pinned
/// dotnet-interactive tool (<c>dotnet tool restore</c>).
/// </summary>
public sealed class NotebookFactAttribute : FactAttribute
{
    /// <summary>Creates the attribute.</summary>
    public NotebookFactAttribute()
    {
        if (NotebookRunner.MissingReason() is { } reason)
        {
            Skip = reason;
        }
    }
}
