using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DataForge.Core.Errors;
using DataForge.Core.Shards;
using DataForge.Ingest.Inputs;

namespace DataForge.Ingest.Output;

/// <summary>
/// What decides which input rows land in which shard: the input's content and the options that cut it into shards
/// or shape a shard's schema. Every shard records it (<see cref="ShardInput"/>) and every rerun compares, so a
/// resumed, extended or parallel run never skips a "done" shard that holds other rows.
/// </summary>
internal sealed class IngestPlan
{
    /// <summary>Parameter holding the input path: recorded for retry-failed and messages, but not fingerprinted, so a moved input still resumes.</summary>
    public const string InputPathParameter = "--input";

    /// <summary>Parameter holding the content fingerprint of the input files.</summary>
    public const string InputContentParameter = "input content";

    // The options were renamed (issue #19: --url-col → --url-column, …); shards finished before that recorded
    // fingerprints made with the old names, and a rerun must still recognise them as its own.
    private static readonly Dictionary<string, string> FingerprintNames = new(StringComparer.Ordinal)
    {
        ["--url-column"] = "--url-col",
        ["--caption-column"] = "--caption-col",
        ["--passthrough-column"] = "--passthrough-col",
    };

    // Enough of each file to notice an edit, without reading 10 GB tars: the size plus a hash of both ends.
    private const int EdgeBytes = 64 * 1024;

    private IngestPlan(SortedDictionary<string, string> parameters, int samplesPerShard)
    {
        Parameters = parameters;
        SamplesPerShard = samplesPerShard;
        var canonical = string.Join("\n", parameters.Where(p => p.Key != InputPathParameter)
            .Select(p => (Key: FingerprintNames.GetValueOrDefault(p.Key, p.Key), p.Value))
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => p.Key + "=" + p.Value));
        Fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))[..16];
    }

    /// <summary>Gets the recorded parameters by option name.</summary>
    public SortedDictionary<string, string> Parameters { get; }

    /// <summary>Gets the fingerprint over every parameter except the input path.</summary>
    public string Fingerprint { get; }

    /// <summary>Gets the rows per shard.</summary>
    public int SamplesPerShard { get; }

    /// <summary>Builds the plan of a normal run from its options and its resolved input files.</summary>
    public static IngestPlan For(IngestOptions options)
    {
        var parameters = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["--encode-format"] = options.Image.EncodeFormat.ToString() };
        if (options.RetryFailedFrom is { } previous)
        {
            var shards = new ShardSet(previous);
            parameters["--retry-failed-from"] = shards.Directory;
            parameters[InputContentParameter] = Hash(shards.ListDoneShards().Select(id => Describe(shards.StatsPath(id))));
            return new IngestPlan(parameters, options.SamplesPerShard);
        }

        var (format, files) = InputFiles.Resolve(options.InputPath, options.InputFormat);
        parameters[InputPathParameter] = Path.GetFullPath(options.InputPath);
        parameters["--input-format"] = format.ToString();
        parameters["--samples-per-shard"] = options.SamplesPerShard.ToString(CultureInfo.InvariantCulture);
        if (format is not (InputFormat.ImageFolder or InputFormat.Sa1bTar or InputFormat.Sa1bLinks or InputFormat.WebDataset))
        {
            parameters["--url-column"] = options.UrlColumn;
            parameters["--caption-column"] = options.CaptionColumn ?? "";
            parameters["--passthrough-column"] = string.Join(",", options.PassthroughColumns);
        }

        if (format == InputFormat.Sa1bLinks)
        {
            parameters["--tar-cache"] = Path.GetFullPath(options.TarDownloadDirectory ?? Path.Combine(options.Run.OutputDirectory, "_tars"));
        }

        parameters[InputContentParameter] = format == InputFormat.ImageFolder
            ? Hash(ImageFolderSource.ListPaths(files[0]).Select(f => Path.GetRelativePath(files[0], f) + ":" + SizeOrMissing(f)))
            : Hash(files.Select(f => Describe(f)));
        return new IngestPlan(parameters, options.SamplesPerShard);
    }

    /// <summary>Describes one shard of this plan for its stats marker.</summary>
    public ShardInput Describe(long firstRow, long rows) => new()
    {
        Fingerprint = Fingerprint,
        FirstRow = firstRow,
        Rows = rows,
        Parameters = new SortedDictionary<string, string>(Parameters, StringComparer.Ordinal),
    };

    /// <summary>
    /// Refuses, naming the option, when a finished shard was made from another plan or holds other rows than this
    /// plan puts under its id.
    /// </summary>
    /// <param name="directory">The output folder, for the message.</param>
    /// <param name="shardId">The finished shard.</param>
    /// <param name="recorded">What the shard records.</param>
    /// <param name="firstRow">The first row this plan puts in the shard, or null when unknown.</param>
    /// <param name="rows">The rows this plan puts in the shard, or null when unknown.</param>
    /// <exception cref="OptionsValidationException">The shard does not belong to this plan.</exception>
    public void Check(string directory, int shardId, ShardInput recorded, long? firstRow, long? rows)
    {
        if (recorded.Fingerprint != Fingerprint)
        {
            throw Mismatch(directory, recorded);
        }

        if ((firstRow is { } first && first != recorded.FirstRow) || (rows is { } count && count != recorded.Rows))
        {
            throw new OptionsValidationException(
                "--incremental",
                $"finished shard {ShardNaming.Stem(shardId)} in '{directory}' holds input rows {recorded.FirstRow}..{recorded.FirstRow + recorded.Rows - 1}, "
                + $"but this run would put rows {firstRow}..{firstRow + rows - 1} under that id; rerun with the options the shards were made with, "
                + "use --incremental overwrite to start again, or write to a new --output");
        }
    }

    /// <summary>The refusal for a shard made from another plan, naming the first option that differs.</summary>
    public OptionsValidationException Mismatch(string directory, ShardInput recorded)
    {
        var differences = recorded.Parameters.Keys.Union(Parameters.Keys)
            .Where(k => k != InputPathParameter && recorded.Parameters.GetValueOrDefault(k) != Parameters.GetValueOrDefault(k))
            .Order(StringComparer.Ordinal)
            .ToList();
        var option = differences.FirstOrDefault(d => d.StartsWith("--", StringComparison.Ordinal)) ?? InputPathParameter;
        var detail = differences.Count == 0
            ? "they were made from another plan"
            : string.Join("; ", differences.Select(d => d == InputContentParameter
                ? "the input's content differs from the one they were made from (files, sizes or bytes changed)"
                : $"{d} was '{recorded.Parameters.GetValueOrDefault(d) ?? "(unset)"}' there, '{Parameters.GetValueOrDefault(d) ?? "(unset)"}' now"));
        return new OptionsValidationException(
            option,
            $"the finished shards in '{directory}' do not match this run: {detail}. Resuming would skip or repeat rows; rerun with the "
            + "same options, use --incremental extend to add a different input after them, --incremental overwrite to start again, or a new --output");
    }

    private static string Describe(string path)
    {
        var info = new FileInfo(path);
        var text = Path.GetFileName(path) + ":" + info.Length.ToString(CultureInfo.InvariantCulture);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.None);
        var buffer = new byte[(int)Math.Min(info.Length, 2L * EdgeBytes)];
        var head = (int)Math.Min(info.Length, EdgeBytes);
        stream.ReadExactly(buffer, 0, head);
        if (buffer.Length > head)
        {
            stream.Seek(-(buffer.Length - head), SeekOrigin.End);
            stream.ReadExactly(buffer, head, buffer.Length - head);
        }

        return text + ":" + Convert.ToHexStringLower(SHA256.HashData(buffer))[..16];
    }

    // A listed link may be broken or point outside the folder (its row is a recorded refusal); it still has a place in the listing.
    private static string SizeOrMissing(string path)
    {
        try
        {
            return new FileInfo(path).Length.ToString(CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "missing";
        }
    }

    private static string Hash(IEnumerable<string> lines) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", lines))))[..16];
}
