using System.Text.Json;
using DataForge.Core.Errors;
using DataForge.Core.Progress;
using DataForge.ShapeWorld.Detection;

namespace DataForge.ShapeWorld.Evaluation;

/// <summary>
/// <c>dataforge shapeworld judge</c>: detects the objects of every sampled image, judges it against the prompt it was
/// sampled with, and writes the aggregated report. Images are found through <c>index.json</c> (the file
/// <c>dataforge sample</c> writes: each image's file and prompt) in the input folder or in each of its sub-folders
/// (one per sampling call, e.g. one per seed).
/// </summary>
public static class ShapeWorldJudge
{
    /// <summary>The sampling index file name.</summary>
    public const string IndexFile = "index.json";

    /// <summary>Runs the judge.</summary>
    /// <param name="options">The options.</param>
    /// <param name="progress">Progress in images.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The result.</returns>
    /// <exception cref="OptionsValidationException">Bad options; no index; a sample whose prompt is not in the set; an
    /// image that does not decode or is not 64×64.</exception>
    public static async Task<JudgeResult> RunAsync(JudgeOptions options, IProgress<StageProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var set = PromptSet.Read(options.PromptsFile);
        var samples = ReadIndexes(options.InputDirectory, set);
        var judged = new ImageJudgement[samples.Count];
        var done = 0;
        await Parallel.ForAsync(0, samples.Count, new ParallelOptions { CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var (path, name, prompt, phrasing) = samples[i];
            var bytes = await File.ReadAllBytesAsync(path, ct).ConfigureAwait(false);
            IReadOnlyList<DetectedObject> detections;
            try
            {
                detections = ShapeDetector.DetectEncoded(bytes);
            }
            catch (InvalidDataException e)
            {
                throw new OptionsValidationException("--input", $"{path}: {e.Message}");
            }

            judged[i] = new ImageJudgement(name, prompt.Id, phrasing, PromptJudge.Judge(prompt, detections), detections);
            var n = Interlocked.Increment(ref done);
            if (n % 32 == 0 || n == samples.Count)
            {
                progress?.Report(new StageProgress("judge", "images", n, samples.Count));
            }
        }).ConfigureAwait(false);

        var summary = JudgeSummary.Of(set.Prompts, judged, options.Resamples, options.Seed);
        var output = Path.GetFullPath(options.OutputDirectory);
        Directory.CreateDirectory(output);
        var json = Path.Combine(output, "judge.json");
        var report = new
        {
            Prompts = Path.GetFullPath(options.PromptsFile),
            Input = Path.GetFullPath(options.InputDirectory),
            Summary = summary,
            Images = judged,
        };
        await File.WriteAllTextAsync(json + ".tmp", JsonSerializer.Serialize(report, PromptSet.Json), cancellationToken).ConfigureAwait(false);
        File.Move(json + ".tmp", json, overwrite: true);
        var markdown = Path.Combine(output, "judge.md");
        await File.WriteAllTextAsync(markdown + ".tmp", JudgeMarkdown.Write(summary, judged, options), cancellationToken).ConfigureAwait(false);
        File.Move(markdown + ".tmp", markdown, overwrite: true);
        return new JudgeResult(summary, judged, json, markdown);
    }

    private static List<(string Path, string Name, EvalPrompt Prompt, string Phrasing)> ReadIndexes(string input, PromptSet set)
    {
        var root = Path.GetFullPath(input);
        if (!Directory.Exists(root))
        {
            throw new OptionsValidationException("--input", $"{root} is not a folder");
        }

        var indexes = File.Exists(Path.Combine(root, IndexFile))
            ? [Path.Combine(root, IndexFile)]
            : Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal).Select(d => Path.Combine(d, IndexFile)).Where(File.Exists).ToList();
        if (indexes.Count == 0)
        {
            throw new OptionsValidationException("--input", $"{root} has no {IndexFile}, nor does any sub-folder: give the folder 'dataforge sample' wrote");
        }

        var samples = new List<(string, string, EvalPrompt, string)>();
        foreach (var index in indexes)
        {
            var folder = Path.GetDirectoryName(index)!;
            SampleIndexFile? parsed;
            try
            {
                parsed = JsonSerializer.Deserialize<SampleIndexFile>(File.ReadAllText(index), PromptSet.Json);
            }
            catch (JsonException e)
            {
                throw new OptionsValidationException("--input", $"{index} is not a sampling index: {e.Message}");
            }

            foreach (var entry in parsed?.Files ?? [])
            {
                var found = set.Find(entry.Prompt) ?? throw new OptionsValidationException(
                    "--input", $"{index}: {entry.File} was sampled with a prompt that is not in the prompt set: \"{Shorten(entry.Prompt)}\"");
                samples.Add((Path.Combine(folder, entry.File), Path.GetRelativePath(root, Path.Combine(folder, entry.File)), found.Prompt, found.Phrasing));
            }
        }

        return samples.Count > 0 ? samples : throw new OptionsValidationException("--input", $"{root}: the sampling index lists no images");
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "...";

    private sealed record SampleIndexFile(IReadOnlyList<SampleIndexFileEntry>? Files);

    private sealed record SampleIndexFileEntry(string File, string Prompt);
}
