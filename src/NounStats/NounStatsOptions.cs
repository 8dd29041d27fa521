using DataForge.Core.Errors;
using DataForge.Core.Partitioning;
using DataForge.NounStats.Counting;
using DataForge.NounStats.Inputs;
using DataForge.NounStats.Text;

namespace DataForge.NounStats;

/// <summary>
/// Settings of a NounStats run (<c>dataforge nounstats --input … --caption-column … --output DIR</c>). Validated once by
/// <see cref="Validate"/> when the run starts.
/// </summary>
public sealed class NounStatsOptions
{
    /// <summary>Gets the caption columns to analyse, reported side by side (<c>--input</c>/<c>--caption-column</c>, repeatable).</summary>
    /// <value>The default value is an empty list, which fails validation.</value>
    public List<CaptionInput> Inputs { get; } = [];

    /// <summary>Gets or sets the report folder (<c>--output</c>).</summary>
    /// <value>The default value is <c>nounstats-report</c>.</value>
    public string OutputDirectory { get; set; } = "nounstats-report";

    /// <summary>Gets or sets which words count as nouns (<c>--nouns all|common</c>).</summary>
    /// <value>The default value is <see cref="NounDefinition.All"/> (NOUN+PROPN, i.e. Penn <c>NN*</c>).</value>
    public NounDefinition Definition { get; set; } = NounDefinition.All;

    /// <summary>Gets or sets how nouns are keyed for DN and VN (<c>--key lemma|surface</c>).</summary>
    /// <value>The default value is <see cref="NounKeyForm.Lemma"/>.</value>
    public NounKeyForm KeyForm { get; set; } = NounKeyForm.Lemma;

    /// <summary>Gets or sets the Unicode normalization of captions (<c>--normalization none|nfc|nfkc</c>).</summary>
    /// <value>The default value is <see cref="TextNormalization.Nfkc"/>.</value>
    public TextNormalization Normalization { get; set; } = TextNormalization.Nfkc;

    /// <summary>Gets or sets whether HTML entities, markup and hashtag signs are cleaned before tokenizing (<c>--web-text</c>, <c>--no-web-text</c>).</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool WebText { get; set; } = true;

    /// <summary>Gets or sets whether alphanumeric codes and measurements (<c>9W</c>, <c>12cm</c>, <c>4th</c>) count as nouns (<c>--codes-as-nouns</c>).</summary>
    /// <value>The default value is <see langword="false"/>: UD tags them NUM or X.</value>
    public bool CodesAsNouns { get; set; }

    /// <summary>Gets or sets the VN threshold: a noun is valid when seen strictly more often (<c>--threshold</c>).</summary>
    /// <value>The default value is <see cref="NounStatsConstants.DefaultValidThreshold"/> (10).</value>
    public int ValidThreshold { get; set; } = NounStatsConstants.DefaultValidThreshold;

    /// <summary>Gets or sets how many top nouns are reported (<c>--top</c>).</summary>
    /// <value>The default value is <see cref="NounStatsConstants.DefaultTopK"/> (50).</value>
    public int TopK { get; set; } = NounStatsConstants.DefaultTopK;

    /// <summary>Gets or sets the upper limit of the nouns-per-caption plot's last bucket, which is otherwise the data's 99th percentile; larger counts are drawn in it (<c>--histogram-max</c>).</summary>
    /// <value>The default value is <see cref="NounStatsConstants.DefaultHistogramMax"/> (100).</value>
    public int HistogramMax { get; set; } = NounStatsConstants.DefaultHistogramMax;

    /// <summary>Gets or sets whether the report adds PixArt-α's four Table 1 rows for comparison (<c>--paper-reference</c>).</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool IncludePaperReference { get; set; } = true;

    /// <summary>Gets or sets whether PNG plots are written (<c>--plots</c>).</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool WritePlots { get; set; } = true;

    /// <summary>Gets or sets whether per-unit partial results are written under <c>OUT/partials</c> and reused on a rerun (<c>--partials</c>).</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool WritePartials { get; set; } = true;

    /// <summary>
    /// Gets or sets whether rows whose <c>status</c> or <c>caption_status</c> is not <c>success</c> are counted
    /// (<c>--include-failed-rows</c>). Such rows have no real caption, so by default they are left out and reported as
    /// left out instead of deflating nouns per caption.
    /// </summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool IncludeFailedRows { get; set; }

    /// <summary>
    /// Gets or sets the sample size, in noun occurrences, of VN at a fixed sample size (<c>--vn-sample-nouns</c>): a
    /// companion to VN that does not grow with corpus size (<see cref="ValidNounSampling"/>); 0 turns it off.
    /// </summary>
    /// <value>The default value is <see cref="NounStatsConstants.DefaultSampleNouns"/> (100,000).</value>
    public long SampleNouns { get; set; } = NounStatsConstants.DefaultSampleNouns;

    /// <summary>Gets or sets the number of worker threads (<c>--parallelism</c>).</summary>
    /// <value>The default value is the processor count.</value>
    public int Parallelism { get; set; } = Environment.ProcessorCount;

    /// <summary>Gets or sets a tagger model file to use instead of the shipped one (<c>--model</c>).</summary>
    /// <value>The default value is <see langword="null"/>: the model embedded in the assembly.</value>
    public string? TaggerModelPath { get; set; }

    /// <summary>Gets or sets this worker's index when a job array shares the inputs (<c>--shard-index</c>).</summary>
    /// <value>The default value is <see langword="null"/>: from <c>SLURM_ARRAY_TASK_ID</c> or <c>JOB_COMPLETION_INDEX</c>, else 0.</value>
    public int? ShardIndex { get; set; }

    /// <summary>Gets or sets the number of workers sharing the inputs (<c>--shard-count</c>).</summary>
    /// <value>The default value is <see langword="null"/>: from the scheduler's environment, else 1.</value>
    public int? ShardCount { get; set; }

    /// <summary>
    /// Gets or sets whether the run only counts its units into partials and writes no report (<c>--map-only</c>): the
    /// map step of a job array, whose reduce is a plain run that finds every partial done and merges them.
    /// </summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool MapOnly { get; set; }

    /// <summary>Gets the counting settings these options imply.</summary>
    public NounCountingSettings CountingSettings => new(Definition, KeyForm, Normalization, WebText, CodesAsNouns);

    /// <summary>
    /// The settings that change what a unit's partial result holds, by option name; a partial is reused only when all
    /// of them match. The VN threshold, top-K and the sample size are applied when summarizing, so they are not here.
    /// </summary>
    /// <param name="input">The input the partials belong to.</param>
    /// <param name="taggerSha256">SHA-256 of the tagger model.</param>
    /// <returns>Option name → value.</returns>
    public IReadOnlyDictionary<string, string> PartialSettings(CaptionInput input, string taggerSha256)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["--caption-column"] = input.ResolveKind() == CaptionInputKind.Text ? string.Empty : input.Column,
            ["--nouns"] = Definition.ToString(),
            ["--key"] = KeyForm.ToString(),
            ["--normalization"] = Normalization.ToString(),
            ["--web-text"] = WebText ? "true" : "false",
            ["--codes-as-nouns"] = CodesAsNouns ? "true" : "false",
            ["--include-failed-rows"] = IncludeFailedRows ? "true" : "false",
            ["--model"] = "sha256:" + taggerSha256,
            ["dataforge-version"] = Reports.NounStatsProvenance.CurrentVersion,
        };
    }

    /// <summary>Resolves which units this worker counts, from the options and the scheduler's environment.</summary>
    /// <returns>The partition.</returns>
    public WorkPartition ResolvePartition() => WorkPartition.Resolve(ShardIndex, ShardCount);

    /// <summary>Validates the options once, before a run.</summary>
    /// <exception cref="OptionsValidationException">A value is out of range or an input is missing.</exception>
    public void Validate()
    {
        if (Inputs.Count == 0)
        {
            throw new OptionsValidationException("--input", "at least one input is required");
        }

        foreach (var input in Inputs)
        {
            input.Validate();
        }

        var duplicate = Inputs.GroupBy(i => i.DisplayLabel, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new OptionsValidationException("--input", $"two inputs share the label '{duplicate.Key}'; give them distinct labels");
        }

        if (string.IsNullOrWhiteSpace(OutputDirectory))
        {
            throw new OptionsValidationException("--output", "must not be empty");
        }

        if (ValidThreshold < 0)
        {
            throw new OptionsValidationException("--threshold", $"must be at least 0, got {ValidThreshold}");
        }

        if (TopK < 0)
        {
            throw new OptionsValidationException("--top", $"must be at least 0, got {TopK}");
        }

        if (HistogramMax < 1)
        {
            throw new OptionsValidationException("--histogram-max", $"must be at least 1, got {HistogramMax}");
        }

        if (SampleNouns < 0)
        {
            throw new OptionsValidationException("--vn-sample-nouns", $"must be at least 0 (0 turns it off), got {SampleNouns}");
        }

        if (Parallelism < 1)
        {
            throw new OptionsValidationException("--parallelism", $"must be at least 1, got {Parallelism}");
        }

        if (MapOnly && !WritePartials)
        {
            throw new OptionsValidationException("--map-only", "needs --partials, since the partials are all a map step leaves behind");
        }

        // A report over one worker's units would look like the whole dataset's; only the map step may be partial.
        if (ResolvePartition().Count > 1 && !MapOnly)
        {
            throw new OptionsValidationException("--shard-count", "a worker of several sees only part of the inputs, so it must run with --map-only; the report comes from a run without a partition");
        }

        if (TaggerModelPath is not null && !File.Exists(TaggerModelPath))
        {
            throw new OptionsValidationException("--model", $"'{TaggerModelPath}' does not exist");
        }
    }
}
