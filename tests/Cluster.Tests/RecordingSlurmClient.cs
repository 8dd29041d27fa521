using System.Globalization;
using DataForge.Cluster.Slurm;

namespace DataForge.Cluster.Tests;

/// <summary>Records sbatch calls and answers squeue from a settable text; Slurm "forgets" every finished job.</summary>
internal sealed class RecordingSlurmClient : ISlurmClient
{
    private int _nextId = 100;

    public List<IReadOnlyList<string>> Submitted { get; } = [];

    public string Queue { get; set; } = "";

    public Task<string> SubmitAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        Submitted.Add(arguments);
        return Task.FromResult((_nextId++).ToString(CultureInfo.InvariantCulture));
    }

    public Task<string> QueueAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken) => Task.FromResult(Queue);

    public Task<string> ShowJobAsync(string jobId, CancellationToken cancellationToken) => Task.FromResult("");
}
