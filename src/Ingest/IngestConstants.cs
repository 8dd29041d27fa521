namespace DataForge.Ingest;

/// <summary>
/// Default values of the ingest options, in one place so the options' docs, the CLI's help and the code agree.
/// Values follow img2dataset where it has one, so a team switching over gets the same shards.
/// </summary>
public static class IngestConstants
{
    /// <summary>Stage name written to stats files and manifests.</summary>
    public const string StageName = "ingest";

    /// <summary>Default rows per output shard (img2dataset's <c>number_sample_per_shard</c>).</summary>
    public const int DefaultSamplesPerShard = 10_000;

    /// <summary>Default rows per Parquet row group: a few MB of 256 px JPEGs, small enough for readers.</summary>
    public const int DefaultRowGroupSize = 256;

    /// <summary>Default URL column name.</summary>
    public const string DefaultUrlColumn = "url";

    /// <summary>Default number of shards processed at the same time.</summary>
    public const int DefaultShardParallelism = 2;

    /// <summary>Default number of downloads in flight per shard.</summary>
    public const int DefaultDownloadConcurrency = 64;

    /// <summary>Default number of requests in flight to one host.</summary>
    public const int DefaultPerHostConcurrency = 16;

    /// <summary>Default number of retries of a transient failure (so at most three attempts).</summary>
    public const int DefaultMaxRetries = 2;

    /// <summary>Default base delay of the exponential backoff.</summary>
    public static readonly TimeSpan DefaultRetryBaseDelay = TimeSpan.FromMilliseconds(500);

    /// <summary>Default cap on one backoff delay, including a server's <c>Retry-After</c>.</summary>
    public static readonly TimeSpan DefaultMaxRetryDelay = TimeSpan.FromSeconds(30);

    /// <summary>Default time limit of one attempt (img2dataset's <c>timeout</c>).</summary>
    public static readonly TimeSpan DefaultAttemptTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Default time limit of one request, over all attempts, backoff delays and redirects.</summary>
    public static readonly TimeSpan DefaultTotalTimeout = TimeSpan.FromSeconds(45);

    /// <summary>Default maximum number of redirects followed per request.</summary>
    public const int DefaultMaxRedirects = 5;

    /// <summary>Default maximum body size: 32 MiB.</summary>
    public const long DefaultMaxBodyBytes = 32L * 1024 * 1024;

    /// <summary>Default maximum size of one tar member read into memory: 256 MiB (SA-1B images are a few MB).</summary>
    public const long DefaultMaxTarMemberBytes = 256L * 1024 * 1024;

    /// <summary>Default user agent (a browser-like string, as img2dataset sends, so CDNs serve images).</summary>
    public const string DefaultUserAgent = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

    /// <summary>The <c>X-Robots-Tag</c> directives that opt an image out by default (img2dataset's list).</summary>
    public static IReadOnlyList<string> DefaultDisallowedDirectives { get; } = ["noai", "noimageai", "noindex", "noimageindex"];

    /// <summary>Default output side length in pixels (img2dataset's <c>image_size</c>).</summary>
    public const int DefaultImageSize = 256;

    /// <summary>Default encode quality: JPEG/WebP quality (PNG uses it as a 0–9 compression level when ≤ 9).</summary>
    public const int DefaultEncodeQuality = 95;

    /// <summary>
    /// Default limit on decoded pixels, read from the header before decoding (PIL's decompression-bomb error
    /// threshold, 2·89,478,485).
    /// </summary>
    public const long DefaultMaxDecodedPixels = 178_956_970;

    /// <summary>Default Hamming distance at or below which two 64-bit perceptual hashes may be near-duplicates.</summary>
    public const int DefaultNearDuplicateDistance = 22;

    /// <summary>Default colour-histogram L1 distance (0–2) at or below which two images may be near-duplicates.</summary>
    public const double DefaultNearDuplicateColorDistance = 0.25;

    /// <summary>Name of the run summary file written in the output folder.</summary>
    public const string SummaryFileName = "ingest_summary.json";

    /// <summary>Extra column: 64-bit DCT perceptual hash of the displayed image (int64).</summary>
    public const string PerceptualHashColumn = "phash";

    /// <summary>Extra column: 64-bin colour histogram used with <see cref="PerceptualHashColumn"/> for near-duplicates (binary, 128 bytes).</summary>
    public const string ColorSignatureColumn = "color_signature";

    /// <summary>Extra column: the EXIF orientation (1–8) the source carried, null when absent (int32).</summary>
    public const string OrientationColumn = "exif_orientation";

    /// <summary>SA-1B column: image id (int64).</summary>
    public const string Sa1bImageIdColumn = "image_id";

    /// <summary>SA-1B column: image file name inside the tar (string).</summary>
    public const string Sa1bFileNameColumn = "file_name";

    /// <summary>SA-1B column: the tar the sample came from (string).</summary>
    public const string Sa1bShardColumn = "sa_shard";

    /// <summary>SA-1B column: number of annotations (int32).</summary>
    public const string Sa1bAnnotationCountColumn = "num_annotations";

    /// <summary>SA-1B column: the raw <c>annotations</c> JSON array, RLE masks undecoded (string).</summary>
    public const string Sa1bAnnotationsColumn = "annotations_json";

    /// <summary>SA-1B column: where the per-image JSON disagrees with its image member (id, file name, size); null when it agrees.</summary>
    public const string Sa1bJsonMismatchColumn = "json_mismatch";

    /// <summary>WebDataset column: the sample's original key in its tar (string).</summary>
    public const string WebDatasetKeyColumn = "source_key";

    /// <summary>WebDataset column: the sample's <c>.json</c> member, verbatim (string).</summary>
    public const string WebDatasetJsonColumn = "json";
}
