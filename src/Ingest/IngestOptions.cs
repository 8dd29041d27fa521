using DataForge.Core.Errors;
using DataForge.Core.Options;
using DataForge.Core.Shards;

namespace DataForge.Ingest;

/// <summary>
/// Everything an ingest run needs. The CLI maps <c>dataforge ingest</c>'s options onto these properties one to
/// one; <see cref="Validate"/> runs once when the runner is built.
/// </summary>
public sealed class IngestOptions
{
    /// <summary>Gets or sets the shared stage settings: output folder, worker partition, resume mode, CPU parallelism, manifests.</summary>
    /// <value>The default value is a new <see cref="StageRunOptions"/>.</value>
    public StageRunOptions Run { get; set; } = new();

    /// <summary>Gets or sets the input: a file or a folder of files (<c>--input</c>). Unused in retry-failed mode.</summary>
    /// <value>The default value is empty (required unless <see cref="RetryFailedFrom"/> is set).</value>
    public string InputPath { get; set; } = "";

    /// <summary>Gets or sets the input format (<c>--input-format</c>).</summary>
    /// <value>The default value is <see cref="InputFormat.Auto"/>.</value>
    public InputFormat InputFormat { get; set; } = InputFormat.Auto;

    /// <summary>Gets or sets the URL column of URL lists (<c>--url-column</c>); LAION uses <c>URL</c>.</summary>
    /// <value>The default value is <c>url</c>.</value>
    public string UrlColumn { get; set; } = IngestConstants.DefaultUrlColumn;

    /// <summary>Gets or sets the caption column, stored as <c>caption</c> (<c>--caption-column</c>); LAION uses <c>TEXT</c>.</summary>
    /// <value>The default value is <see langword="null"/> (no caption).</value>
    public string? CaptionColumn { get; set; }

    /// <summary>Gets or sets input columns copied to the output unchanged (<c>--passthrough-column</c>), e.g. <c>WIDTH</c>, <c>similarity</c>, <c>punsafe</c>.</summary>
    /// <value>The default value is empty.</value>
    public IList<string> PassthroughColumns { get; set; } = [];

    /// <summary>Gets or sets an input column holding a hex hash of the image to verify (<c>--verify-hash-column</c>); a mismatch fails the row.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? VerifyHashColumn { get; set; }

    /// <summary>Gets or sets the algorithm of <see cref="VerifyHashColumn"/> (<c>--verify-hash-type</c>).</summary>
    /// <value>The default value is <see cref="HashAlgorithmKind.Sha256"/>.</value>
    public HashAlgorithmKind VerifyHashAlgorithm { get; set; } = HashAlgorithmKind.Sha256;

    /// <summary>Gets or sets the rows per output shard (<c>--samples-per-shard</c>).</summary>
    /// <value>The default value is <see cref="IngestConstants.DefaultSamplesPerShard"/> (10000).</value>
    public int SamplesPerShard { get; set; } = IngestConstants.DefaultSamplesPerShard;

    /// <summary>Gets or sets the rows per Parquet row group (<c>--row-group-size</c>).</summary>
    /// <value>The default value is <see cref="IngestConstants.DefaultRowGroupSize"/> (256).</value>
    public int RowGroupSize { get; set; } = IngestConstants.DefaultRowGroupSize;

    /// <summary>Gets or sets the number of shards processed at once (<c>--shard-parallelism</c>).</summary>
    /// <value>The default value is <see cref="IngestConstants.DefaultShardParallelism"/> (2).</value>
    public int ShardParallelism { get; set; } = IngestConstants.DefaultShardParallelism;

    /// <summary>Gets or sets the dataset name used for the manifest file (<c>--dataset-name</c>).</summary>
    /// <value>The default value is <see langword="null"/>: the output folder's name.</value>
    public string? DatasetName { get; set; }

    /// <summary>
    /// Gets or sets a folder of shards from an earlier ingest run: only its rows whose status is not
    /// <c>success</c> are fetched again, the others are copied, and each shard is written under the same id into
    /// <see cref="StageRunOptions.OutputDirectory"/>, which must be another folder (<c>--retry-failed-from</c>).
    /// </summary>
    /// <value>The default value is <see langword="null"/> (normal ingest).</value>
    public string? RetryFailedFrom { get; set; }

    /// <summary>Gets or sets where tars named by an SA-1B links file are downloaded to (<c>--tar-cache</c>).</summary>
    /// <value>The default value is <see langword="null"/>: <c>&lt;output&gt;/_tars</c>.</value>
    public string? TarDownloadDirectory { get; set; }

    /// <summary>Gets or sets the HTTP settings.</summary>
    /// <value>The default value is a new <see cref="DownloadOptions"/>.</value>
    public DownloadOptions Download { get; set; } = new();

    /// <summary>Gets or sets the image settings.</summary>
    /// <value>The default value is a new <see cref="ImageOptions"/>.</value>
    public ImageOptions Image { get; set; } = new();

    /// <summary>Gets or sets the near-duplicate settings.</summary>
    /// <value>The default value is a new <see cref="NearDuplicateOptions"/> (off).</value>
    public NearDuplicateOptions NearDuplicates { get; set; } = new();

    /// <summary>Validates every option once, before the run starts.</summary>
    /// <exception cref="OptionsValidationException">A value is missing or out of range; the message names the CLI option.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Run);
        ArgumentNullException.ThrowIfNull(Download);
        ArgumentNullException.ThrowIfNull(Image);
        ArgumentNullException.ThrowIfNull(NearDuplicates);
        Run.Validate();
        Download.Validate();
        Image.Validate();
        NearDuplicates.Validate();
        if (RetryFailedFrom is null)
        {
            if (string.IsNullOrWhiteSpace(InputPath))
            {
                throw new OptionsValidationException("--input", "is required (or give --retry-failed-from)");
            }

            if (!File.Exists(InputPath) && !Directory.Exists(InputPath))
            {
                throw new OptionsValidationException("--input", $"'{InputPath}' does not exist");
            }
        }
        else
        {
            if (!Directory.Exists(RetryFailedFrom))
            {
                throw new OptionsValidationException("--retry-failed-from", $"'{RetryFailedFrom}' is not a folder");
            }

            if (string.Equals(Path.GetFullPath(RetryFailedFrom).TrimEnd('/'), Path.GetFullPath(Run.OutputDirectory).TrimEnd('/'), StringComparison.Ordinal))
            {
                throw new OptionsValidationException("--retry-failed-from", "must differ from --output, so an interrupted retry never damages the shards it reads");
            }
        }

        if (SamplesPerShard is < 1 or > 100_000_000)
        {
            throw new OptionsValidationException("--samples-per-shard", $"must be within 1..100000000, got {SamplesPerShard}");
        }

        if (RowGroupSize < 1)
        {
            throw new OptionsValidationException("--row-group-size", $"must be at least 1, got {RowGroupSize}");
        }

        if (ShardParallelism < 1)
        {
            throw new OptionsValidationException("--shard-parallelism", $"must be at least 1, got {ShardParallelism}");
        }

        if (string.IsNullOrWhiteSpace(UrlColumn))
        {
            throw new OptionsValidationException("--url-column", "must not be empty");
        }

        foreach (var column in PassthroughColumns)
        {
            if (ShardColumns.Reserved.Contains(column) || IsIngestColumn(column))
            {
                throw new OptionsValidationException("--passthrough-column", $"'{column}' is a column the output schema owns; rename it first");
            }
        }

        if (PassthroughColumns.Distinct(StringComparer.Ordinal).Count() != PassthroughColumns.Count)
        {
            throw new OptionsValidationException("--passthrough-column", "lists a column twice");
        }
    }

    private static bool IsIngestColumn(string name) =>
        name is IngestConstants.PerceptualHashColumn or IngestConstants.OrientationColumn or IngestConstants.ColorSignatureColumn;
}
