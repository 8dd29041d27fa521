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
    // Unknown keys are errors, as in pipeline specs: a misspelled "learning_rat" would otherwise train at the default.
    private static readonly JsonSerializerOptions Json = new()
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>Gets or sets a free-text note (JSON has no comments; the shipped configs say where their numbers come from).</summary>
    [JsonPropertyName("$comment")]
    public string? Comment { get; set; }

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

    /// <summary>Gets the file this configuration was read from, or empty when it was built in code.</summary>
    [JsonIgnore]
    public string SourcePath { get; private set; } = "";

    /// <summary>Reads a configuration file.</summary>
    /// <param name="path">The JSON file.</param>
    /// <returns>The configuration.</returns>
    /// <exception cref="OptionsValidationException">
    /// The file is missing or malformed, has a key this version does not know, or a value of the wrong type; the
    /// error names the file, the key (<c>train.learning_rate</c>) and its line.
    /// </exception>
    public static TrainConfigFile Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new OptionsValidationException("--config", $"{path} not found");
        }

        TrainConfigFile config;
        try
        {
            config = JsonSerializer.Deserialize<TrainConfigFile>(File.ReadAllBytes(path), Json)
                ?? throw new OptionsValidationException("--config", $"{path} is empty");
        }
        catch (JsonException ex)
        {
            throw ConfigKeyError.FromJson(path, ex, typeof(TrainConfigFile), Json);
        }

        config.SourcePath = path;
        return config;
    }

    /// <summary>Maps the file onto training options.</summary>
    /// <param name="outputDirectory">The run folder.</param>
    /// <returns>The options (validated).</returns>
    /// <exception cref="OptionsValidationException">A value is out of range; the error names the file and the config key.</exception>
    public TrainOptions ToOptions(string outputDirectory)
    {
        // Checked here, by key, so the user reads "train.learning_rate", not a command-line option they never passed.
        Require(Train.LearningRate > 0 && !double.IsNaN(Train.LearningRate), "train.learning_rate", $"must be positive, got {Train.LearningRate}");
        Require(Train.BatchSize >= 1, "train.batch_size", $"must be at least 1, got {Train.BatchSize}");
        Require(Train.GradientAccumulation >= 1, "train.gradient_accumulation", $"must be at least 1, got {Train.GradientAccumulation}");
        Require(Train.EmaRate is >= 0 and <= 1, "train.ema_rate", $"must be in [0, 1], got {Train.EmaRate}");
        Require(Train.MaxSteps >= 1, "train.max_steps", $"must be at least 1, got {Train.MaxSteps}");
        Require(Train.CheckpointEvery >= 1, "train.checkpoint_every", $"must be at least 1, got {Train.CheckpointEvery}");
        PixArtConfig model;
        try
        {
            model = PixArtConfig.Preset(Model);
        }
        catch (OptionsValidationException ex)
        {
            throw new OptionsValidationException(KeyName("model"), ex.Message[(ex.OptionName.Length + 2)..]);
        }

        var options = new TrainOptions
        {
            Model = model,
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

    private string KeyName(string key) => SourcePath.Length == 0 ? key : $"{SourcePath}: {key}";

    private void Require(bool condition, string key, string message)
    {
        if (!condition)
        {
            throw new OptionsValidationException(KeyName(key), message);
        }
    }
}
