using System.Text.Json;
using System.Text.Json.Serialization;
using DataForge.Core.Errors;

namespace DataForge.Cluster.Pipeline;

/// <summary>
/// A pipeline to run on a cluster (<c>pipeline.json</c>): the stages in order, each a <c>dataforge</c> subcommand
/// with its own arguments, all array stages split into the same <see cref="ArrayTasks"/> shard groups so task i of
/// one stage feeds task i of the next.
/// </summary>
public sealed class PipelineSpec
{
    /// <summary>The JSON settings of the file: snake_case, and unknown properties are errors so typos are caught.</summary>
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };

    /// <summary>Gets or sets the pipeline name; job names are <c>df-NAME-STAGE</c>.</summary>
    public string Name { get; set; } = "";

    /// <summary>Gets or sets the folder for scripts, logs and task state, relative to the spec file.</summary>
    public string WorkDir { get; set; } = "slurm-work";

    /// <summary>Gets or sets the command that runs <c>dataforge</c> on the compute nodes.</summary>
    /// <value>The default value is empty: the <c>dataforge</c> that submits.</value>
    public List<string> Dataforge { get; set; } = [];

    /// <summary>Gets or sets the number of tasks (shard groups) of every array stage.</summary>
    public int ArrayTasks { get; set; } = 1;

    /// <summary>Gets or sets how many tasks of one array may run at once (<c>--array=…%N</c>), or <see langword="null"/> for no limit.</summary>
    public int? MaxParallelTasks { get; set; }

    /// <summary>Gets or sets the default Slurm partition, or <see langword="null"/> for the cluster's.</summary>
    public string? Partition { get; set; }

    /// <summary>Gets or sets the Slurm account, or <see langword="null"/>.</summary>
    public string? Account { get; set; }

    /// <summary>Gets or sets environment variables exported by every task.</summary>
    public Dictionary<string, string> Environment { get; set; } = [];

    /// <summary>
    /// Gets or sets the folder the stages write manifests to (their <c>--manifest-dir</c>); the final reduce job
    /// refreshes every manifest in it once all tasks are done. <see langword="null"/> skips the refresh.
    /// </summary>
    public string? ManifestDir { get; set; }

    /// <summary>Gets or sets the stages, in order.</summary>
    public List<PipelineStageSpec> Stages { get; set; } = [];

    /// <summary>Gets or sets the Kubernetes settings used by <c>--k8s</c>.</summary>
    public KubernetesSpec Kubernetes { get; set; } = new();

    /// <summary>Gets the full path of the spec file this was loaded from (relative paths resolve against its folder).</summary>
    [JsonIgnore]
    public string SourcePath { get; private set; } = "";

    /// <summary>Gets the full path of <see cref="WorkDir"/>.</summary>
    [JsonIgnore]
    public string WorkDirectory => Path.GetFullPath(WorkDir, Path.GetDirectoryName(SourcePath) ?? System.Environment.CurrentDirectory);

    /// <summary>Loads and validates a spec file.</summary>
    /// <param name="path">The <c>pipeline.json</c>.</param>
    /// <returns>The spec.</returns>
    /// <exception cref="OptionsValidationException">The file is missing, malformed or inconsistent.</exception>
    public static PipelineSpec Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new OptionsValidationException("--pipeline", $"'{path}' does not exist");
        }

        PipelineSpec spec;
        try
        {
            spec = JsonSerializer.Deserialize<PipelineSpec>(File.ReadAllBytes(path), JsonOptions)
                ?? throw new OptionsValidationException("--pipeline", $"'{path}' is empty");
        }
        catch (JsonException ex)
        {
            throw new OptionsValidationException("--pipeline", $"'{path}': {ex.Message}");
        }

        spec.SourcePath = Path.GetFullPath(path);
        spec.Validate();
        return spec;
    }

    /// <summary>Checks the spec as a whole.</summary>
    /// <exception cref="OptionsValidationException">A value is missing or out of range.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name) || !Name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new OptionsValidationException("name", $"'{Name}' must be letters, digits, '-' or '_' (it names the Slurm jobs)");
        }

        if (ArrayTasks < 1)
        {
            throw new OptionsValidationException("array_tasks", $"must be at least 1, got {ArrayTasks}");
        }

        if (MaxParallelTasks is < 1)
        {
            throw new OptionsValidationException("max_parallel_tasks", $"must be at least 1, got {MaxParallelTasks}");
        }

        if (Stages.Count == 0)
        {
            throw new OptionsValidationException("stages", "at least one stage is required");
        }

        if (Kubernetes.MaxFailedIndexes is { } failed && (failed < 0 || failed >= ArrayTasks))
        {
            throw new OptionsValidationException("kubernetes.max_failed_indexes", $"must be within 0..{ArrayTasks - 1} (below array_tasks, or a failing stage never fails its Job), got {failed}");
        }

        for (var i = 0; i < Stages.Count; i++)
        {
            Stages[i].Validate(i);
        }

        var repeated = Stages.GroupBy(s => s.Stage).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
        {
            throw new OptionsValidationException("stages", $"'{repeated.Key}' appears twice; each stage runs once per pipeline");
        }
    }

    /// <summary>Returns the stages to run: all of them, or the named ones in pipeline order.</summary>
    /// <param name="names">Stage names, or empty for all.</param>
    /// <returns>The selected stages.</returns>
    /// <exception cref="OptionsValidationException">A name is not a stage of this pipeline.</exception>
    public IReadOnlyList<PipelineStageSpec> Select(IReadOnlyCollection<string> names)
    {
        var unknown = names.FirstOrDefault(n => Stages.All(s => s.Stage != n));
        if (unknown is not null)
        {
            throw new OptionsValidationException("stage", $"'{unknown}' is not in pipeline '{Name}' ({string.Join(", ", Stages.Select(s => s.Stage))})");
        }

        return names.Count == 0 ? Stages : [.. Stages.Where(s => names.Contains(s.Stage))];
    }

    /// <summary>Gets the nounstats stage whose report the reduce job writes, if the pipeline maps one.</summary>
    [JsonIgnore]
    public PipelineStageSpec? NounStatsStage => Stages.FirstOrDefault(s => s.Stage == "nounstats");
}
