using System.Globalization;
using DataForge.Core.Progress;
using Spectre.Console;

namespace DataForge.Cli.Rendering;

/// <summary>Renders <see cref="StageProgress"/> reports as Spectre progress tasks, one per stage.</summary>
public sealed class SpectreStageProgress : IProgress<StageProgress>
{
    private readonly ProgressContext _context;
    private readonly string _title;
    private readonly int _descriptionWidth;
    private readonly Dictionary<string, ProgressTask> _tasks = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Creates the renderer inside a running Spectre progress display.</summary>
    /// <param name="context">The progress context.</param>
    /// <param name="title">Label prefix.</param>
    /// <param name="descriptionWidth">Longest description kept on one line; the rest is cut with an ellipsis.</param>
    public SpectreStageProgress(ProgressContext context, string title, int descriptionWidth = int.MaxValue)
    {
        _context = context;
        _title = title;
        _descriptionWidth = Math.Max(descriptionWidth, 16);
    }

    /// <inheritdoc />
    public void Report(StageProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        lock (_gate)
        {
            if (!_tasks.TryGetValue(value.Stage, out var task))
            {
                task = _context.AddTask(Markup.Escape($"{_title}: {value.Stage}"), autoStart: true, maxValue: value.Total ?? 1);
                _tasks.Add(value.Stage, task);
            }

            task.IsIndeterminate = value.Total is null;
            if (value.Total is { } total)
            {
                task.MaxValue = Math.Max(total, 1);
            }

            task.Value = value.Completed;
            task.Description = Markup.Escape(Fit(Describe(value), _descriptionWidth));
        }
    }

    /// <summary>Cuts a description to a width, so the bar, percentage, rate and ETA keep their room on one line.</summary>
    /// <param name="text">The description.</param>
    /// <param name="width">The width.</param>
    /// <returns>The text, or its start and an ellipsis.</returns>
    internal static string Fit(string text, int width) => text.Length <= width ? text : text[..(width - 1)] + "…";

    internal static string Describe(StageProgress value)
    {
        var parts = new List<string> { $"{value.Stage} {value.Completed.ToString("N0", CultureInfo.InvariantCulture)} {value.Unit}" };
        if (!string.IsNullOrEmpty(value.Detail))
        {
            parts.Add(value.Detail);
        }

        if (value.Metrics is not null)
        {
            parts.AddRange(value.Metrics.Select(m => $"{m.Key} {m.Value.ToString("0.###", CultureInfo.InvariantCulture)}"));
        }

        return string.Join(" · ", parts);
    }
}
