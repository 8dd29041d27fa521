namespace DataForge.ShapeWorld.TextEncoder;

/// <summary>
/// The shape of <see cref="ShapeTextEncoderModel"/>. <see cref="Dim"/> is the feature width <c>extract-features</c>
/// stores and the DiT's caption channels must equal (32 for the Trainer's <c>Tiny</c> preset).
/// </summary>
public sealed record TextEncoderConfig
{
    /// <summary>Gets the hidden size (the <c>last_hidden_state</c> width).</summary>
    /// <value>The default value is 32.</value>
    public int Dim { get; init; } = 32;

    /// <summary>Gets the number of transformer layers.</summary>
    /// <value>The default value is 2.</value>
    public int Layers { get; init; } = 2;

    /// <summary>Gets the attention heads.</summary>
    /// <value>The default value is 4.</value>
    public int Heads { get; init; } = 4;

    /// <summary>Gets the MLP width.</summary>
    /// <value>The default value is 128.</value>
    public int FeedForwardDim { get; init; } = 128;

    /// <summary>Gets the longest sequence (PixArt-α feeds 120 tokens).</summary>
    /// <value>The default value is 128.</value>
    public int MaxPositions { get; init; } = 128;

    /// <summary>Gets the vocabulary size (filled in from the vocabulary).</summary>
    public int VocabularySize { get; init; }

    /// <summary>Refuses shapes the network cannot have.</summary>
    /// <returns>A one-line reason, or <see langword="null"/>.</returns>
    public string? Problem() =>
        Dim < 1 || Layers < 0 || Heads < 1 || FeedForwardDim < 1 || MaxPositions < 1 ? "the text encoder's sizes must be positive"
        : Dim % Heads != 0 ? $"the hidden size {Dim} must be a multiple of the {Heads} heads"
        : null;
}
