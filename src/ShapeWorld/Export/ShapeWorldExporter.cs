using DataForge.Core.Errors;
using DataForge.Core.Progress;
using DataForge.Core.Shards;

namespace DataForge.ShapeWorld.Export;

/// <summary>
/// Writes shape-world scenes to a folder: <c>images/NNNNNNNN.png</c>, a URL list <c>urls.parquet</c> (<c>url</c>,
/// <c>alt_text</c>, <c>path</c>) that <c>dataforge ingest</c> reads once the folder is served at the base URL, and
/// <c>scenes.jsonl</c> with each scene's graph and gold caption. Files are written under temporary names and the
/// URL list last, so an interrupted run never leaves a list that points at missing images.
/// </summary>
public static class ShapeWorldExporter
{
    /// <summary>Marks a folder as written by this exporter, so <c>--overwrite</c> never deletes anyone else's folder.</summary>
    public const string MarkerFile = ".dataforge-shapeworld";

    /// <summary>Writes the scenes.</summary>
    /// <param name="options">The options.</param>
    /// <param name="progress">Progress in images.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>What was written.</returns>
    /// <exception cref="OptionsValidationException">Bad options, or a folder that is not empty and may not be replaced.</exception>
    public static async Task<ShapeWorldExportResult> RunAsync(ShapeWorldExportOptions options, IProgress<StageProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var root = PrepareDirectory(options);
        var images = Path.Combine(root, "images");
        Directory.CreateDirectory(images);

        var generator = new ShapeWorldGenerator(options.Seed);
        var lines = new string[options.Count];
        var urls = new string?[options.Count];
        var alts = new string?[options.Count];
        var paths = new string?[options.Count];
        var done = 0;
        await Parallel.ForAsync(0, options.Count, new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var scene = generator.Generate(options.StartIndex + i);
            var relative = $"images/{scene.Index:D8}.png";
            var temp = Path.Combine(root, relative + ".tmp");
            await File.WriteAllBytesAsync(temp, scene.EncodePng(), ct).ConfigureAwait(false);
            File.Move(temp, Path.Combine(root, relative), overwrite: true);
            (urls[i], alts[i], paths[i]) = (options.BaseUrl + relative, scene.AltText, relative);
            lines[i] = SceneSidecar.Format(scene, options.Seed, relative, urls[i]!);
            var n = Interlocked.Increment(ref done);
            if (n % 64 == 0 || n == options.Count)
            {
                progress?.Report(new StageProgress("shapeworld", "images", n, options.Count));
            }
        }).ConfigureAwait(false);

        var sidecar = Path.Combine(root, "scenes.jsonl");
        await File.WriteAllLinesAsync(sidecar + ".tmp", lines, cancellationToken).ConfigureAwait(false);
        File.Move(sidecar + ".tmp", sidecar, overwrite: true);
        var urlList = Path.Combine(root, "urls.parquet");
        await ShardFileWriter.WriteTableAsync(
            urlList + ".tmp",
            new ShardTable([ShardColumn.Of("url", urls), ShardColumn.Of("alt_text", alts), ShardColumn.Of("path", paths)]),
            cancellationToken: cancellationToken).ConfigureAwait(false);
        File.Move(urlList + ".tmp", urlList, overwrite: true);
        return new ShapeWorldExportResult(root, options.Count, urlList, sidecar);
    }

    private static string PrepareDirectory(ShapeWorldExportOptions options)
    {
        var root = Path.GetFullPath(options.OutputDirectory);
        if (File.Exists(root))
        {
            throw new OptionsValidationException("--output", $"{root} is a file, not a folder");
        }

        if (Directory.Exists(root) && Directory.EnumerateFileSystemEntries(root).Any())
        {
            if (!options.Overwrite)
            {
                throw new OptionsValidationException("--output", $"{root} is not empty; pass --overwrite to replace an earlier 'shapeworld generate' output");
            }

            if (!File.Exists(Path.Combine(root, MarkerFile)))
            {
                throw new OptionsValidationException("--output", $"{root} is not empty and was not written by 'shapeworld generate'; --overwrite replaces only such folders");
            }

            Directory.Delete(root, recursive: true);
        }

        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, MarkerFile), "written by dataforge shapeworld generate; --overwrite replaces this folder\n");
        return root;
    }
}
