using System.Text.Json;
using System.Text.Json.Serialization;
using DataForge.Core.Errors;
using DataForge.Trainer.Model;

namespace DataForge.Trainer.Training;

/// <summary>
/// A training configuration file (<c>configs/pixart/*.json</c>): the model preset, the resolution and the optimiser
/// recipe of one PixArt-α stage (Table 4). <see cref="ToOptions"/> maps it onto <see cref="TrainOptions"/>; command-line
/// options may then override single values.
/// </summary>
public sealed class TrainConfigFile
{
    private static readonly JsonSerializerOptions Json = new() { ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>Gets or sets the stage name.</summary>
    [JsonPropertyName("stage")]
    public string Stage { get; set; } = "";

    /// <summary>Gets or sets the model preset (see <see cref="PixArtConfig.Preset"/>).</summary>
    [JsonPropertyName("model")]
    public string Model { get; set; } = "XL2_256";

    /// <summary>Gets or sets the image resolution (bucket table) the stage trains at.</summary>
    [JsonPropertyName("resolution")]
    public int Resolution { get; set; } = 256;

    /// <summary>Gets or sets whether the stage trains on aspect-ratio buckets.</summary>
    [JsonPropertyName("multi_scale")]
    public bool MultiScale { get; set; }

    /// <summary>Gets or sets the optimiser recipe.</summary>
    [JsonPropertyName("train")]
    public TrainRecipe Train { get; set; } = new();

    /// <summary>Reads a configuration file.</summary>
    /// <param name="path">The JSON file.</param>
    /// <returns>The configuration.</returns>
    /// <exception cref="OptionsValidationException">The file is missing or malformed.</exception>
    public static TrainConfigFile Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new OptionsValidationException("--config", $"{path} not found");
        }

        try
        {
            return JsonSerializer.Deserialize<TrainConfigFile>(File.ReadAllBytes(path), Json)
                ?? throw new OptionsValidationException("--config", $"{path} is empty");
        }
        catch (JsonException ex)
        {
            throw new OptionsValidationException("--config", $"{path}: {ex.Message}");
        }
    }

    /// <summary>Maps the file onto training options.</summary>
    /// <param name="outputDirectory">The run folder.</param>
    /// <returns>The options (validated).</returns>
    public TrainOptions ToOptions(string outputDirectory)
    {
        var options = new TrainOptions
        {
            Model = PixArtConfig.Preset(Model),
            OutputDirectory = outputDirectory,
            LearningRate = Train.LearningRate,
            WeightDecay = Train.WeightDecay,
            AdamEpsilon = Train.AdamEpsilon,
            GradientClip = Train.GradientClip,
            WarmupSteps = Train.WarmupSteps,
            SqrtBatchScaling = Train.SqrtBatchScaling,
            BatchSize = Train.BatchSize,
            GradientAccumulation = Train.GradientAccumulation,
            EmaRate = Train.EmaRate,
            MaxSteps = Train.MaxSteps,
            CheckpointEvery = Train.CheckpointEvery,
            Seed = Train.Seed,
        };
        options.Validate();
        return options;
    }
}
