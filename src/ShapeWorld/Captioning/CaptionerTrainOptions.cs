namespace DataForge.ShapeWorld.Captioning;

/// <summary>What <c>dataforge shapeworld train-captioner</c> trains and where it writes; each property is one CLI option.</summary>
public sealed class CaptionerTrainOptions
{
    /// <summary>Gets or sets the folder the trained model is exported to (the onnx-community layout the Captioner loads).</summary>
    public string Output { get; set; } = "";

    /// <summary>Gets or sets the folder holding checkpoints, vocabulary and loss log; a rerun resumes from it.</summary>
    /// <value>The default value is <see langword="null"/>: <c>&lt;output&gt;.run</c> beside the model folder.</value>
    public string? RunDirectory { get; set; }

    /// <summary>Gets or sets the seed of the scene generator and of the weight initialisation.</summary>
    /// <value>The default value is 0.</value>
    public int Seed { get; set; }

    /// <summary>Gets or sets the number of optimizer steps.</summary>
    /// <value>The default value is 1500.</value>
    public int Steps { get; set; } = 1500;

    /// <summary>Gets or sets the images per step.</summary>
    /// <value>The default value is 32.</value>
    public int BatchSize { get; set; } = 32;

    /// <summary>Gets or sets how many distinct training scenes (generator indices 0…N-1) the steps cycle through.</summary>
    /// <value>The default value is 1,000,000 (more than a run sees, so no scene repeats).</value>
    public long TrainScenes { get; set; } = 1_000_000;

    /// <summary>Gets or sets the peak learning rate of the warm-up + cosine schedule.</summary>
    /// <value>The default value is 0.003.</value>
    public double LearningRate { get; set; } = 3e-3;

    /// <summary>Gets or sets the linear warm-up length in steps.</summary>
    /// <value>The default value is 100.</value>
    public int WarmupSteps { get; set; } = 100;

    /// <summary>Gets or sets AdamW's weight decay.</summary>
    /// <value>The default value is 0.01.</value>
    public double WeightDecay { get; set; } = 0.01;

    /// <summary>Gets or sets the weight of the vision tower's per-cell scene-graph loss (<see cref="CaptionerCellHead"/>) beside the caption loss; 0 trains on captions alone.</summary>
    /// <value>The default value is 1.</value>
    public double CellLossWeight { get; set; } = 1;

    /// <summary>Gets or sets how often (in steps) a checkpoint is written; one is always written at the end and on cancel.</summary>
    /// <value>The default value is 200.</value>
    public int CheckpointEvery { get; set; } = 200;

    /// <summary>Gets or sets the torch CPU threads (0 keeps TorchSharp's default).</summary>
    /// <value>The default value is 0.</value>
    public int Parallelism { get; set; }

    /// <summary>Gets or sets the prompt the model is trained to answer (the caption command's default prompt).</summary>
    /// <value>The default value is the PixArt-α paper prompt.</value>
    public string Prompt { get; set; } = "Describe this image and its style in a very detailed manner";

    /// <summary>Gets or sets how many training captions are scanned to build the vocabulary.</summary>
    /// <value>The default value is 4000.</value>
    public int VocabularyScenes { get; set; } = 4000;

    /// <summary>Gets or sets the network shape (its vocabulary size is filled in from the data).</summary>
    public CaptionerConfig Network { get; set; } = new();

    /// <summary>Gets the run folder in effect.</summary>
    public string ResolvedRunDirectory => RunDirectory ?? Path.TrimEndingDirectorySeparator(Path.GetFullPath(Output)) + ".run";

    /// <summary>Refuses options that cannot train.</summary>
    /// <returns>A one-line reason, or <see langword="null"/>.</returns>
    public string? Problem()
    {
        if (string.IsNullOrWhiteSpace(Output))
        {
            return "-o/--output (the model folder to write) is required";
        }

        if (Steps < 1 || BatchSize < 1 || TrainScenes < 1 || CheckpointEvery < 1 || WarmupSteps < 0 || VocabularyScenes < 1)
        {
            return "--steps, --batch-size, --train-scenes, --checkpoint-every and the vocabulary scan must be positive (warm-up may be 0)";
        }

        if (!(LearningRate > 0) || !double.IsFinite(LearningRate) || WeightDecay < 0 || Parallelism < 0 || !(CellLossWeight >= 0) || !double.IsFinite(CellLossWeight))
        {
            return "--learning-rate must be a positive number, weight decay, --cell-loss-weight and -j/--parallelism finite and not negative";
        }

        return string.IsNullOrWhiteSpace(Prompt) ? "the prompt must not be empty" : null;
    }
}
