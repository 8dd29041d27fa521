using System.CommandLine;
using DataForge.Cli.Common;
using DataForge.Core.Errors;
using DataForge.Cli.Rendering;
using DataForge.Ingest;
using Spectre.Console;

namespace DataForge.Cli.Commands;

/// <summary><c>dataforge ingest</c>: URL lists, SA-1B or WebDataset tars and image folders into Parquet image shards.</summary>
public static class IngestCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="context">CLI context.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        var d = new IngestOptions();
        var run = new StageRunOptionsBinding("ingest-output");
        var input = new Option<string>("--input", "-i") { Description = "URL list file or folder, SA-1B tar(s) or links file, WebDataset tar(s), or an image folder.", Required = true };
        var format = new Option<InputFormat>("--input-format") { Description = "Input format (Auto: from the file extension).", DefaultValueFactory = _ => d.InputFormat };
        var urlCol = new Option<string>("--url-column") { Description = "URL column (LAION: URL).", DefaultValueFactory = _ => d.UrlColumn };
        var captionCol = new Option<string?>("--caption-column") { Description = "Caption column, stored as caption (LAION: TEXT)." };
        var passthrough = new Option<string[]>("--passthrough-column") { Description = "Input column copied unchanged (repeatable).", Arity = ArgumentArity.ZeroOrMore };
        var hashCol = new Option<string?>("--verify-hash-column") { Description = "Column with the expected hex hash of the image." };
        var hashType = new Option<HashAlgorithmKind>("--verify-hash-type") { Description = "Algorithm of --verify-hash-column.", DefaultValueFactory = _ => d.VerifyHashAlgorithm };
        var perShard = new Option<int>("--samples-per-shard") { Description = "Rows per output shard.", DefaultValueFactory = _ => d.SamplesPerShard };
        var rowGroup = new Option<int>("--row-group-size") { Description = "Rows per Parquet row group.", DefaultValueFactory = _ => d.RowGroupSize };
        var shardParallelism = new Option<int>("--shard-parallelism") { Description = "Shards processed at once.", DefaultValueFactory = _ => d.ShardParallelism };
        var datasetName = new Option<string?>("--dataset-name") { Description = "Manifest name (default: the output folder's name)." };
        var retryFrom = new Option<string?>("--retry-failed-from") { Description = "Earlier run's shard folder: refetch only its non-success rows." };
        var tarCache = new Option<string?>("--tar-cache") { Description = "Where SA-1B links-file tars are downloaded (default: OUTPUT/_tars)." };
        var concurrency = new Option<int>("--download-concurrency") { Description = "Downloads in flight per shard.", DefaultValueFactory = _ => d.Download.Concurrency };
        var perHost = new Option<int>("--per-host-concurrency") { Description = "Requests in flight per host.", DefaultValueFactory = _ => d.Download.PerHostConcurrency };
        var retries = new Option<int>("--retries") { Description = "Retries of transient failures (5xx, 429, timeouts, resets).", DefaultValueFactory = _ => d.Download.MaxRetries };
        var retryDelay = new Option<double>("--retry-delay") { Description = "Base backoff in seconds (jittered, exponential).", DefaultValueFactory = _ => d.Download.RetryBaseDelay.TotalSeconds };
        var maxRetryDelay = new Option<double>("--max-retry-delay") { Description = "Longest backoff or Retry-After honoured, seconds.", DefaultValueFactory = _ => d.Download.MaxRetryDelay.TotalSeconds };
        var timeout = new Option<double>("--timeout") { Description = "Time limit of one attempt, seconds.", DefaultValueFactory = _ => d.Download.AttemptTimeout.TotalSeconds };
        var totalTimeout = new Option<double>("--total-timeout") { Description = "Time limit of a request with all retries, seconds.", DefaultValueFactory = _ => d.Download.TotalTimeout.TotalSeconds };
        var maxRedirects = new Option<int>("--max-redirects") { Description = "Redirects followed per request.", DefaultValueFactory = _ => d.Download.MaxRedirects };
        var maxBody = new Option<long>("--max-body-bytes") { Description = "Largest image body accepted.", DefaultValueFactory = _ => d.Download.MaxBodyBytes };
        var maxTarMember = new Option<long>("--max-tar-member-bytes") { Description = "Largest tar member read; bigger ones become failed rows.", DefaultValueFactory = _ => d.Download.MaxTarMemberBytes };
        var userAgent = new Option<string>("--user-agent") { Description = "User-Agent header.", DefaultValueFactory = _ => d.Download.UserAgent };
        var token = new Option<string?>("--user-agent-token") { Description = "Crawler token added to the User-Agent; X-Robots-Tag directives for it apply." };
        var directives = new Option<string[]>("--disallowed-header-directives") { Description = "X-Robots-Tag directives that refuse an image (none: disable).", Arity = ArgumentArity.ZeroOrMore, DefaultValueFactory = _ => [.. d.Download.DisallowedHeaderDirectives] };
        var allowPrivate = new Option<bool>("--allow-private-addresses") { Description = "Let URLs reach loopback/private/link-local addresses (SSRF guard off)." };
        var allowRange = new Option<string[]>("--allow-address-range") { Description = "CIDR range allowed although private (repeatable).", Arity = ArgumentArity.ZeroOrMore };
        var rejectText = new SwitchOption("--reject-text-content", "Fail rows whose Content-Type is text/*.", d.Download.RejectTextContentTypes);
        var imageSize = new Option<int>("--image-size") { Description = "Target side in pixels.", DefaultValueFactory = _ => d.Image.ImageSize };
        var resizeMode = new Option<ImageResizeMode>("--resize-mode")
        {
            Description = "No, KeepRatio, KeepRatioLargest, CenterCrop or Border (img2dataset's no, keep_ratio, keep_ratio_largest, center_crop, border too).",
            DefaultValueFactory = _ => d.Image.ResizeMode,
            CustomParser = ResizeModeSpelling.Parse,
        };
        var onlyIfBigger = new Option<bool>("--resize-only-if-bigger") { Description = "Never enlarge." };
        var down = new Option<ResizeInterpolation>("--downscale-interpolation") { Description = "Filter when shrinking.", DefaultValueFactory = _ => d.Image.DownscaleInterpolation };
        var up = new Option<ResizeInterpolation>("--upscale-interpolation") { Description = "Filter when enlarging.", DefaultValueFactory = _ => d.Image.UpscaleInterpolation };
        var encode = new Option<ImageEncodeFormat>("--encode-format") { Description = "Jpg, Png or Webp.", DefaultValueFactory = _ => d.Image.EncodeFormat };
        var quality = new Option<int>("--encode-quality") { Description = "JPEG/WebP quality, or PNG level 0-9.", DefaultValueFactory = _ => d.Image.EncodeQuality };
        var skipReencode = new SwitchOption("--skip-reencode", "Keep original bytes when nothing changes.", d.Image.SkipReencode);
        var orient = new SwitchOption("--apply-exif-orientation", "Rotate upright from EXIF.", d.Image.ApplyExifOrientation);
        var exif = new SwitchOption("--extract-exif", "Store EXIF tags as JSON.", d.Image.ExtractExif);
        var minSize = new Option<int>("--min-image-size") { Description = "Minimum shorter side; smaller rows are filtered.", DefaultValueFactory = _ => d.Image.MinImageSize };
        var maxArea = new Option<long?>("--max-image-area") { Description = "Maximum pixel area; larger rows are filtered." };
        var maxAspect = new Option<double?>("--max-aspect-ratio") { Description = "Maximum long/short side ratio." };
        var maxPixels = new Option<long>("--max-decoded-pixels") { Description = "Decompression-bomb limit, read from the header.", DefaultValueFactory = _ => d.Image.MaxDecodedPixels };
        var dedup = new Option<bool>("--dedup") { Description = "Mark near-duplicates (pHash + colour) as filtered." };
        var dedupDistance = new Option<int>("--dedup-distance") { Description = "Max pHash Hamming distance of a duplicate.", DefaultValueFactory = _ => d.NearDuplicates.MaxHammingDistance };
        var dedupColor = new Option<double>("--dedup-color-distance") { Description = "Max colour-histogram L1 distance of a duplicate.", DefaultValueFactory = _ => d.NearDuplicates.MaxColorDistance };
        var dedupAcross = new SwitchOption("--dedup-across-shards", "Look for duplicates in other shards too.", d.NearDuplicates.AcrossShards);
        var command = new Command("ingest", "Download or read images into Parquet image shards (img2dataset-compatible schema).")
        {
            input, format, urlCol, captionCol, passthrough, hashCol, hashType, perShard, rowGroup, shardParallelism, datasetName, retryFrom, tarCache,
            concurrency, perHost, retries, retryDelay, maxRetryDelay, timeout, totalTimeout, maxRedirects, maxBody, maxTarMember, userAgent, token, directives,
            allowPrivate, allowRange, imageSize, resizeMode, onlyIfBigger, down, up, encode, quality, minSize,
            maxArea, maxAspect, maxPixels, dedup, dedupDistance, dedupColor,
        };
        run.AddTo(command);
        rejectText.AddTo(command);
        skipReencode.AddTo(command);
        orient.AddTo(command);
        exif.AddTo(command);
        dedupAcross.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var options = new IngestOptions
            {
                Run = run.Bind(parse),
                InputPath = parse.GetValue(input)!,
                InputFormat = parse.GetValue(format),
                UrlColumn = parse.GetValue(urlCol)!,
                CaptionColumn = parse.GetValue(captionCol),
                PassthroughColumns = [.. parse.GetValue(passthrough) ?? []],
                VerifyHashColumn = parse.GetValue(hashCol),
                VerifyHashAlgorithm = parse.GetValue(hashType),
                SamplesPerShard = parse.GetValue(perShard),
                RowGroupSize = parse.GetValue(rowGroup),
                ShardParallelism = parse.GetValue(shardParallelism),
                DatasetName = parse.GetValue(datasetName),
                RetryFailedFrom = parse.GetValue(retryFrom),
                TarDownloadDirectory = parse.GetValue(tarCache),
                Download = new DownloadOptions
                {
                    Concurrency = parse.GetValue(concurrency),
                    PerHostConcurrency = parse.GetValue(perHost),
                    MaxRetries = parse.GetValue(retries),
                    RetryBaseDelay = TimeSpan.FromSeconds(parse.GetValue(retryDelay)),
                    MaxRetryDelay = TimeSpan.FromSeconds(parse.GetValue(maxRetryDelay)),
                    AttemptTimeout = TimeSpan.FromSeconds(parse.GetValue(timeout)),
                    TotalTimeout = TimeSpan.FromSeconds(parse.GetValue(totalTimeout)),
                    MaxRedirects = parse.GetValue(maxRedirects),
                    MaxBodyBytes = parse.GetValue(maxBody),
                    MaxTarMemberBytes = parse.GetValue(maxTarMember),
                    UserAgent = parse.GetValue(userAgent)!,
                    UserAgentToken = parse.GetValue(token),
                    DisallowedHeaderDirectives = [.. parse.GetValue(directives) ?? []],
                    AllowPrivateAddresses = parse.GetValue(allowPrivate),
                    AllowedAddressRanges = [.. parse.GetValue(allowRange) ?? []],
                    RejectTextContentTypes = rejectText.Get(parse),
                },
                Image = new ImageOptions
                {
                    ImageSize = parse.GetValue(imageSize),
                    ResizeMode = parse.GetValue(resizeMode),
                    ResizeOnlyIfBigger = parse.GetValue(onlyIfBigger),
                    DownscaleInterpolation = parse.GetValue(down),
                    UpscaleInterpolation = parse.GetValue(up),
                    EncodeFormat = parse.GetValue(encode),
                    EncodeQuality = parse.GetValue(quality),
                    SkipReencode = skipReencode.Get(parse),
                    ApplyExifOrientation = orient.Get(parse),
                    ExtractExif = exif.Get(parse),
                    MinImageSize = parse.GetValue(minSize),
                    MaxImageArea = parse.GetValue(maxArea),
                    MaxAspectRatio = parse.GetValue(maxAspect),
                    MaxDecodedPixels = parse.GetValue(maxPixels),
                },
                NearDuplicates = new NearDuplicateOptions
                {
                    Enabled = parse.GetValue(dedup),
                    MaxHammingDistance = parse.GetValue(dedupDistance),
                    MaxColorDistance = parse.GetValue(dedupColor),
                    AcrossShards = dedupAcross.Get(parse),
                },
            };
            var runner = new IngestRunner(options, context.LoggerFactory.CreateLogger("ingest"));
            var summary = await context.RunWithProgressAsync("ingest", p => runner.RunAsync(StageProgressMapping.Ingest(p), ct)).ConfigureAwait(false);
            var table = new Table().AddColumn("status").AddColumn(new TableColumn("rows").RightAligned());
            foreach (var (status, rows) in summary.StatusCounts)
            {
                table.AddRow(status, rows.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            context.Console.Write(table);
            await context.Output.WriteLineAsync($"this run: {summary.RunRows} rows ({summary.RunSuccesses} successes) in {summary.ShardPaths.Count} shards written, {summary.ShardsSkipped} already finished, {summary.ShardsHeldElsewhere} left to other workers").ConfigureAwait(false);
            await context.Output.WriteLineAsync($"dataset: {summary.Rows} rows, {summary.Successes} successes in {summary.Shards} finished shards; manifest {summary.ManifestPath}").ConfigureAwait(false);
            foreach (var failure in summary.FailedShards)
            {
                await context.Error.WriteLineAsync($"shard {failure.ShardId} failed: {failure.Message}").ConfigureAwait(false);
            }

            if (summary.FailedShards.Count > 0)
            {
                return ExitCodes.Failed;
            }

            if (summary.RunRows > 0 && summary.RunSuccesses == 0)
            {
                var top = summary.TopErrors.FirstOrDefault();
                await context.Error.WriteLineAsync($"error: every one of the {summary.RunRows} rows this run wrote failed (most common: {top.Key ?? "?"}); nothing for the next stage").ConfigureAwait(false);
                return ExitCodes.AllRowsFailed;
            }

            return summary.Rows > summary.Successes ? ExitCodes.FailedRows : ExitCodes.Ok;
        });
        return command;
    }
}
