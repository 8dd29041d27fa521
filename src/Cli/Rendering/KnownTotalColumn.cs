using Spectre.Console;
using Spectre.Console.Rendering;

namespace DataForge.Cli.Rendering;

/// <summary>
/// Shows a column (percentage, time remaining) only for tasks whose total is known: a stage that cannot know how
/// many rows a stream holds shows rows done and rows/s, never a fake 100% or a meaningless ETA.
/// </summary>
public sealed class KnownTotalColumn(ProgressColumn inner) : ProgressColumn
{
    /// <inheritdoc />
    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
    {
        ArgumentNullException.ThrowIfNull(task);
        return task.IsIndeterminate ? new Text("") : inner.Render(options, task, deltaTime);
    }

    /// <inheritdoc />
    protected override bool NoWrap => true;

    /// <inheritdoc />
    public override int? GetColumnWidth(RenderOptions options) => inner.GetColumnWidth(options);
}
