using System.Text.Json;

namespace DataForge.Trainer.Sampling;

/// <summary>
/// <c>samples/index.json</c>: which prompt, seed, sampler and checkpoint made each file, so a picture found later can be
/// traced and regenerated. All prompts of one call share one noise draw from <see cref="Seed"/>; a sample is reproduced
/// by the same prompts in the same order (its <see cref="SampleIndexEntry.BatchIndex"/>).
/// </summary>
/// <param name="Checkpoint">Full path of the checkpoint folder the weights came from.</param>
/// <param name="Weights"><c>ema</c> or <c>live</c>.</param>
/// <param name="Sampler"><c>dpm-solver</c> or <c>iddpm</c>.</param>
/// <param name="Steps">Sampler steps actually run (the sampler's default resolved).</param>
/// <param name="GuidanceScale">Classifier-free guidance scale.</param>
/// <param name="Seed">Seed of the initial noise of the whole batch.</param>
/// <param name="Files">One entry per sample image, in batch order.</param>
/// <param name="Grid">The grid's file name, or <see langword="null"/> when none was written.</param>
public sealed record SampleIndex(
    string Checkpoint,
    string Weights,
    string Sampler,
    int Steps,
    double GuidanceScale,
    int Seed,
    IReadOnlyList<SampleIndexEntry> Files,
    string? Grid)
{
    /// <summary>The file name in the output folder.</summary>
    public const string FileName = "index.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Describes one sampling call.</summary>
    /// <param name="options">The call's options.</param>
    /// <param name="checkpoint">The resolved checkpoint folder.</param>
    /// <param name="steps">Steps actually run.</param>
    /// <param name="files">Sample file names in batch order (one per prompt).</param>
    /// <param name="grid">The grid's file name, or <see langword="null"/>.</param>
    /// <returns>The index.</returns>
    public static SampleIndex For(SampleOptions options, string checkpoint, int steps, IReadOnlyList<string> files, string? grid)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(files);
        var entries = files.Select((f, i) => new SampleIndexEntry(f, options.Prompts[i], options.Seed, i)).ToList();
        return new SampleIndex(Path.GetFullPath(checkpoint), options.UseEma ? "ema" : "live", options.Sampler, steps, options.GuidanceScale, options.Seed, entries, grid);
    }

    /// <summary>Writes the index as <see cref="FileName"/> into a folder.</summary>
    /// <param name="directory">The samples folder.</param>
    /// <returns>The written path.</returns>
    public string WriteTo(string directory)
    {
        var path = Path.Combine(directory, FileName);
        File.WriteAllText(path, JsonSerializer.Serialize(this, Json));
        return path;
    }

    /// <summary>Reads an index written by <see cref="WriteTo"/>.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The index.</returns>
    public static SampleIndex Read(string path) =>
        JsonSerializer.Deserialize<SampleIndex>(File.ReadAllText(path), Json) ?? throw new InvalidDataException($"{path} is empty");
}
