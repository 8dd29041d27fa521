using System.Text.Json;
using DataForge.Cluster.Pipeline;
using DataForge.Core.Errors;
using DataForge.Core.Shards;

namespace DataForge.Cluster.Slurm;

/// <summary>
/// What was submitted for a pipeline (<c>WORK/pipeline-state.json</c>): the stages in order and every <c>sbatch</c>,
/// so <c>status</c> and <c>retry</c> work from any shell, long after the submitting process is gone.
/// </summary>
public sealed class PipelineState
{
    /// <summary>The state file's name inside the work folder.</summary>
    public const string FileName = "pipeline-state.json";

    /// <summary>Gets or sets the pipeline name.</summary>
    public string Pipeline { get; set; } = "";

    /// <summary>Gets or sets the spec file.</summary>
    public string Spec { get; set; } = "";

    /// <summary>Gets or sets the array size every array stage was split into.</summary>
    public int ArrayTasks { get; set; }

    /// <summary>Gets or sets the submitted stages in pipeline order, the reduce job last.</summary>
    public List<string> Stages { get; set; } = [];

    /// <summary>Gets or sets every submission, oldest first.</summary>
    public List<JobSubmission> Submissions { get; set; } = [];

    /// <summary>Gets the path of a work folder's state file.</summary>
    /// <param name="workDirectory">The pipeline's work folder.</param>
    /// <returns>The file path.</returns>
    public static string PathIn(string workDirectory) => Path.Combine(workDirectory, FileName);

    /// <summary>Loads the state of a work folder.</summary>
    /// <param name="workDirectory">The pipeline's work folder.</param>
    /// <returns>The state.</returns>
    /// <exception cref="OptionsValidationException">Nothing was submitted from this spec yet.</exception>
    public static PipelineState Load(string workDirectory)
    {
        var path = PathIn(workDirectory);
        if (!File.Exists(path))
        {
            throw new OptionsValidationException("--pipeline", $"nothing was submitted for this pipeline yet ({path} does not exist); run 'dataforge slurm submit' first");
        }

        return JsonSerializer.Deserialize<PipelineState>(File.ReadAllBytes(path), PipelineSpec.JsonOptions)
            ?? throw new DataForgeException($"{path} is empty");
    }

    /// <summary>Loads the state of a work folder, or starts a new one.</summary>
    /// <param name="spec">The pipeline.</param>
    /// <returns>The state.</returns>
    public static PipelineState LoadOrCreate(PipelineSpec spec) =>
        File.Exists(PathIn(spec.WorkDirectory))
            ? Load(spec.WorkDirectory)
            : new PipelineState { Pipeline = spec.Name, Spec = spec.SourcePath, ArrayTasks = spec.ArrayTasks };

    /// <summary>Writes the state atomically.</summary>
    /// <param name="workDirectory">The pipeline's work folder.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the file is in place.</returns>
    public Task SaveAsync(string workDirectory, CancellationToken cancellationToken = default) =>
        AtomicFile.WriteAllBytesAsync(PathIn(workDirectory), JsonSerializer.SerializeToUtf8Bytes(this, PipelineSpec.JsonOptions), cancellationToken);

    /// <summary>Records a submission and its stage.</summary>
    /// <param name="submission">The submission.</param>
    /// <param name="pipelineOrder">The pipeline's stage names in order, so stages stay ordered when submitted separately.</param>
    public void Add(JobSubmission submission, IReadOnlyList<string> pipelineOrder)
    {
        Submissions.Add(submission);
        if (!Stages.Contains(submission.Stage))
        {
            Stages.Add(submission.Stage);
            Stages = [.. Stages.OrderBy(s => s == SlurmScripts.ReduceStage ? int.MaxValue : IndexOf(pipelineOrder, s))];
        }
    }

    private static int IndexOf(IReadOnlyList<string> order, string stage)
    {
        for (var i = 0; i < order.Count; i++)
        {
            if (order[i] == stage)
            {
                return i;
            }
        }

        return order.Count;
    }
}
