namespace DataForge.ShapeWorld.Captioning;

/// <summary>
/// Shape of the shape-world captioner: a CNN that turns the 64×64 image into a <see cref="GridSize"/>² grid of image
/// tokens, a two-layer projector, and a pre-norm decoder LM with learned absolute positions (the LLaVA layout at toy
/// scale). Saved beside checkpoints so a resumed run rebuilds exactly the same network.
/// </summary>
public sealed record CaptionerConfig
{
    /// <summary>Gets the square image side the vision encoder takes.</summary>
    /// <value>The default value is 64 (the shape world's image size, so preprocessing never resamples).</value>
    public int ImageSize { get; init; } = 64;

    /// <summary>Gets the side of the image-token grid; the CNN halves the image until it is this size.</summary>
    /// <value>The default value is 8 (64 image tokens, each seeing an 8×8-pixel cell and its neighbourhood).</value>
    public int GridSize { get; init; } = 8;

    /// <summary>Gets the decoder width (also the width of every image token).</summary>
    /// <value>The default value is 128.</value>
    public int ModelDim { get; init; } = 128;

    /// <summary>Gets the number of decoder layers.</summary>
    /// <value>The default value is 3.</value>
    public int Layers { get; init; } = 3;

    /// <summary>Gets the number of attention heads (each also a KV head).</summary>
    /// <value>The default value is 4.</value>
    public int Heads { get; init; } = 4;

    /// <summary>Gets the width of each feed-forward block.</summary>
    /// <value>The default value is 256.</value>
    public int FeedForwardDim { get; init; } = 256;

    /// <summary>Gets the size of the position table; prompt, image tokens and caption must fit in it.</summary>
    /// <value>The default value is 320.</value>
    public int MaxPositions { get; init; } = 320;

    /// <summary>Gets the vocabulary size (set from the word list the run was built with).</summary>
    public int VocabularySize { get; init; }

    /// <summary>Gets the number of image tokens one image fills.</summary>
    public int ImageTokens => GridSize * GridSize;

    /// <summary>Gets the size of one attention head.</summary>
    public int HeadDim => ModelDim / Heads;

    /// <summary>Gets the side of the non-overlapping patches the stem convolution cuts the image into.</summary>
    /// <value>The default value is 4 (a 16×16 map from the 64×64 image, as a ViT's patchify stem but smaller).</value>
    public int PatchSize { get; init; } = 4;

    /// <summary>Gets the channel count of the stem; each later stage doubles it up to <see cref="ModelDim"/>.</summary>
    /// <value>The default value is 64.</value>
    public int VisionWidth { get; init; } = 64;

    /// <summary>Gets the channel count of each CNN stage: the stem's, then one per halving down to the grid.</summary>
    /// <returns>The widths, the stem first; the last is <see cref="ModelDim"/>.</returns>
    public int[] ConvChannels()
    {
        var stages = new List<int> { Math.Min(ModelDim, VisionWidth) };
        for (var side = ImageSize / PatchSize; side > GridSize; side /= 2)
        {
            stages.Add(Math.Min(ModelDim, stages[^1] * 2));
        }

        stages[^1] = ModelDim;
        return [.. stages];
    }

    /// <summary>Refuses shapes the network cannot be built with.</summary>
    /// <returns>The reason, or <see langword="null"/> when the config is usable.</returns>
    public string? Problem()
    {
        if (GridSize < 1 || PatchSize < 1 || ImageSize % (GridSize * PatchSize) != 0 || !int.IsPow2(ImageSize / (GridSize * PatchSize)))
        {
            return $"grid size {GridSize} times patch size {PatchSize} must divide the image size {ImageSize} by a power of two";
        }

        if (ModelDim < 8 || Heads < 1 || ModelDim % Heads != 0)
        {
            return $"model dim {ModelDim} must be divisible by the head count {Heads}";
        }

        return Layers < 1 || FeedForwardDim < 1 || VisionWidth < 1 || VocabularySize < 6 || MaxPositions <= ImageTokens
            ? "layers, feed-forward and vision widths, vocabulary and positions must be positive and hold the image tokens"
            : null;
    }
}
