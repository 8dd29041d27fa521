namespace DataForge.ShapeWorld.Vae;

/// <summary>
/// The shape of <see cref="ShapeVaeModel"/>: three stride-2 stages take a 64×64 image to an 8×8 grid (f = 8, as SD's
/// VAE), with <see cref="LatentChannels"/> latent channels; the decoder mirrors it with nearest upsampling.
/// </summary>
public sealed record VaeConfig
{
    /// <summary>The downsampling factor (three stride-2 stages).</summary>
    public const int Factor = 8;

    /// <summary>Gets the image side the model is trained on.</summary>
    /// <value>The default value is 64.</value>
    public int ImageSize { get; init; } = 64;

    /// <summary>Gets the channels at full and half resolution.</summary>
    /// <value>The default value is 16.</value>
    public int OuterChannels { get; init; } = 16;

    /// <summary>Gets the channels at quarter and eighth resolution.</summary>
    /// <value>The default value is 64.</value>
    public int InnerChannels { get; init; } = 64;

    /// <summary>Gets the decoder's channels at eighth and quarter resolution, when wider than the encoder's.</summary>
    /// <value>The default value is <see langword="null"/>: <see cref="InnerChannels"/>.</value>
    public int? DecoderInnerChannels { get; init; }

    /// <summary>Gets the decoder's channels at half and full resolution, when wider than the encoder's.</summary>
    /// <value>The default value is <see langword="null"/>: <see cref="OuterChannels"/>.</value>
    public int? DecoderOuterChannels { get; init; }

    /// <summary>Gets the decoder's channels at eighth and quarter resolution in effect.</summary>
    public int DecoderInner => DecoderInnerChannels ?? InnerChannels;

    /// <summary>Gets the decoder's channels at half and full resolution in effect.</summary>
    public int DecoderOuter => DecoderOuterChannels ?? OuterChannels;

    /// <summary>Gets the latent channels (SD's VAE has 4).</summary>
    /// <value>The default value is 4.</value>
    public int LatentChannels { get; init; } = 4;

    /// <summary>Gets the latent grid side.</summary>
    public int LatentSize => ImageSize / Factor;

    /// <summary>Refuses shapes the network cannot have.</summary>
    /// <returns>A one-line reason, or <see langword="null"/>.</returns>
    public string? Problem() =>
        ImageSize < Factor || ImageSize % Factor != 0 ? $"the image size must be a positive multiple of {Factor}, not {ImageSize}"
        : OuterChannels < 1 || InnerChannels < 1 || LatentChannels < 1 || DecoderInner < 1 || DecoderOuter < 1 ? "channel counts must be positive"
        : null;
}
