using Spectre.Console;
using Spectre.Console.Rendering;

namespace DataForge.Cli.Rendering;

/// <summary>A progress column showing the task's current rate in items per second.</summary>
public sealed class ItemsPerSecondColumn : ProgressColumn
{
    /// <inheritdoc />
    protected override bool NoWrap => true;

    /// <inheritdoc />
    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
    {
        ArgumentNullException.ThrowIfNull(task);
        return task.Speed is { } speed ? new Text($"{speed:0.0}/s", new Style(Color.Grey)) : new Text("–/s");
    }
}
