namespace DataForge.ShapeWorld.TextEncoder;

/// <summary>What <c>dataforge shapeworld train-text-encoder</c> builds and where it writes; each property is one CLI option.</summary>
public sealed class TextEncoderBuildOptions
{
    /// <summary>Gets or sets the folder the encoder is exported to (<c>text_encoder/</c>, <c>tokenizer/</c>).</summary>
    public string Output { get; set; } = "";

    /// <summary>Gets or sets the seed of the frozen weights and of the scene generator whose captions make the vocabulary.</summary>
    /// <value>The default value is 0.</value>
    public int Seed { get; set; }

    /// <summary>Gets or sets how many training scenes' dense captions and alt-text are scanned for the vocabulary.</summary>
    /// <value>The default value is 20,000.</value>
    public int VocabularyScenes { get; set; } = 20_000;

    /// <summary>Gets or sets the network shape (its vocabulary size is filled in from the data).</summary>
    public TextEncoderConfig Network { get; set; } = new();

    /// <summary>Refuses options that cannot build.</summary>
    /// <returns>A one-line reason, or <see langword="null"/>.</returns>
    public string? Problem() =>
        string.IsNullOrWhiteSpace(Output) ? "-o/--output (the model folder to write) is required"
        : VocabularyScenes < 1 ? "--vocabulary-scenes must be positive"
        : VocabularyScenes > ShapeWorldGenerator.HeldOutStart ? $"--vocabulary-scenes {VocabularyScenes} would reach the held-out scenes from index {ShapeWorldGenerator.HeldOutStart}"
        : Network.Problem();
}
