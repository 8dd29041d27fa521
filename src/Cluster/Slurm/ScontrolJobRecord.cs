using System.Globalization;

namespace DataForge.Cluster.Slurm;

/// <summary>One line of <c>scontrol -o show job</c>: the fields the pipeline status needs.</summary>
/// <param name="Task">The array task id, or 0 for a single job.</param>
/// <param name="State">Slurm's job state, e.g. <c>FAILED</c>.</param>
/// <param name="Reason">Slurm's reason, e.g. <c>DependencyNeverSatisfied</c>.</param>
/// <param name="ExitCode">The exit code (before the colon), when Slurm has one.</param>
internal sealed record ScontrolJobRecord(int Task, string State, string Reason, int? ExitCode)
{
    /// <summary>Parses every line; lines for not-yet-split task ranges (<c>ArrayTaskId=2-5</c>) are skipped.</summary>
    /// <param name="output">The command's output.</param>
    /// <returns>Task id → record.</returns>
    public static Dictionary<int, ScontrolJobRecord> ParseAll(string output)
    {
        var records = new Dictionary<int, ScontrolJobRecord>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(f => f.Split('=', 2))
                .Where(kv => kv.Length == 2)
                .GroupBy(kv => kv[0], StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.First()[1], StringComparer.Ordinal);
            if (!fields.TryGetValue("JobState", out var state))
            {
                continue;
            }

            var task = 0;
            if (fields.TryGetValue("ArrayTaskId", out var taskText) && !int.TryParse(taskText, NumberStyles.None, CultureInfo.InvariantCulture, out task))
            {
                continue;
            }

            int? exit = fields.TryGetValue("ExitCode", out var exitText) && int.TryParse(exitText.Split(':')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? code : null;
            records[task] = new ScontrolJobRecord(task, state, fields.GetValueOrDefault("Reason", ""), exit);
        }

        return records;
    }
}
