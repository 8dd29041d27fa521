using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DataForge.Trainer.Model;

/// <summary>
/// The PixArt-α diffusion transformer: patch embedding + fixed 2-D sin-cos positions, timestep embedding
/// (plus size and aspect-ratio micro-conditions for the 1024-MS model), adaLN-single, caption projection with a
/// null caption for guidance, <see cref="PixArtBlock"/>s with cross-attention, and a modulated final layer
/// predicting ε and the variance interpolation (learned sigma). Parameter names follow the official PyTorch code.
/// </summary>
public sealed class PixArtDiT : Module
{
#pragma warning disable IDE1006 // PyTorch parameter names, so official checkpoints map 1:1.
    private readonly Sequential x_embedder;
    private readonly TimestepEmbedder t_embedder;
    private readonly Sequential t_block;
    private readonly CaptionEmbedder y_embedder;
    private readonly ModuleList<PixArtBlock> blocks;
    private readonly FinalLayer final_layer;
    private readonly SizeEmbedder? csize_embedder;
    private readonly SizeEmbedder? ar_embedder;
#pragma warning restore IDE1006
    private readonly Dictionary<(int H, int W, DeviceType Device), Tensor> _positions = [];

    /// <summary>Creates and initialises the model as the official <c>initialize_weights</c> does.</summary>
    /// <param name="config">Configuration.</param>
    /// <param name="device">Where parameters live (<c>meta</c> counts parameters without allocating them).</param>
    public PixArtDiT(PixArtConfig config, Device? device = null)
        : base(nameof(PixArtDiT))
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        Config = config;
        var d = config.HiddenSize;
        x_embedder = Sequential(("proj", Conv2d(config.InChannels, d, config.PatchSize, stride: config.PatchSize, device: device)));
        t_embedder = new TimestepEmbedder(d, device);
        t_block = Sequential(("0", SiLU()), ("1", Linear(d, 6 * d, device: device)));
        y_embedder = new CaptionEmbedder(config.CaptionChannels, d, config.ModelMaxLength, device);
        blocks = new ModuleList<PixArtBlock>([.. Enumerable.Range(0, config.Depth).Select(_ => new PixArtBlock(config, device))]);
        final_layer = new FinalLayer(config, device);
        if (config.MicroConditions)
        {
            csize_embedder = new SizeEmbedder(d / 3, device);
            ar_embedder = new SizeEmbedder(d / 3, device);
        }

        RegisterComponents();
        PixArtInitializer.Apply(this);
    }

    /// <summary>Gets the configuration.</summary>
    public PixArtConfig Config { get; }

    /// <summary>Gets the caption embedder (null caption for guidance).</summary>
    public CaptionEmbedder CaptionEmbedder => y_embedder;

    /// <summary>Gets the blocks.</summary>
    public IReadOnlyList<PixArtBlock> Blocks => [.. blocks];

    internal Conv2d PatchProjection => (Conv2d)x_embedder.children().Single();

    internal TimestepEmbedder TimestepEmbedder => t_embedder;

    internal Linear TBlockLinear => t_block.children().OfType<Linear>().Single();

    internal FinalLayer FinalLayer => final_layer;

    internal IEnumerable<SizeEmbedder> SizeEmbedders => new[] { csize_embedder, ar_embedder }.OfType<SizeEmbedder>();

    /// <summary>Predicts ε (and the variance interpolation) for noisy latents.</summary>
    /// <param name="x">Noisy latents (B, C, H, W); H and W may differ from the configured size (aspect buckets).</param>
    /// <param name="timestep">Integer timesteps (B).</param>
    /// <param name="y">T5 features (B, L, Cc) or (B, 1, L, Cc).</param>
    /// <param name="mask">Caption mask (B, L), non-zero for real tokens; null attends to all tokens.</param>
    /// <param name="imageSize">Micro-condition (B, 2): image height and width in pixels (1024-MS only).</param>
    /// <param name="aspectRatio">Micro-condition (B, 1): height / width (1024-MS only).</param>
    /// <param name="dropMask">Bool (B): captions to replace with the null caption (training dropout, CFG).</param>
    /// <returns>(B, out channels, H, W).</returns>
    public Tensor forward(Tensor x, Tensor timestep, Tensor y, Tensor? mask, Tensor? imageSize = null, Tensor? aspectRatio = null, Tensor? dropMask = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(timestep);
        ArgumentNullException.ThrowIfNull(y);
        using var scope = NewDisposeScope();
        var (batch, height, width) = (x.shape[0], x.shape[2], x.shape[3]);
        var p = Config.PatchSize;
        var (h, w) = ((int)(height / p), (int)(width / p));

        // 1. Input: patches + fixed positions.
        var tokens = x_embedder.forward(x).flatten(2).transpose(1, 2) + Positions(h, w, x.device); // (B, N, D)

        // 2. Conditioning: timestep (+ micro-conditions), shared t_block, projected caption.
        var t = t_embedder.forward(timestep); // (B, D)
        if (csize_embedder is not null)
        {
            if (imageSize is null || aspectRatio is null)
            {
                throw new ArgumentException("the 1024-MS model needs imageSize (B, 2) and aspectRatio (B, 1) micro-conditions");
            }

            t = t + cat([csize_embedder.forward(imageSize), ar_embedder!.forward(aspectRatio)], dim: 1);
        }

        var t0 = Config.AdaLn == AdaLnMode.Single ? t_block.forward(t) : t; // (B, 6D) or (B, D)
        var caption = y.dim() == 4 ? y.squeeze(1) : y;
        var yTokens = y_embedder.forward(caption, dropMask); // (B, L, D)

        // 3. Blocks.
        foreach (var block in blocks)
        {
            tokens = block.forward(tokens, yTokens, t0, mask);
        }

        // 4. Output: modulated final layer, then unpatchify (N, h, w, p, p, c) → (N, c, h·p, w·p).
        var output = final_layer.forward(tokens, t);
        var c = Config.OutChannels;
        return output.reshape(batch, h, w, p, p, c).permute(0, 5, 1, 3, 2, 4).reshape(batch, c, h * p, w * p).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var tensor in _positions.Values)
            {
                tensor.Dispose();
            }

            _positions.Clear();
        }

        base.Dispose(disposing);
    }

    private Tensor Positions(int h, int w, Device device)
    {
        if (!_positions.TryGetValue((h, w, device.type), out var positions))
        {
            var grid = SinusoidalEmbedding.PositionGrid(Config.HiddenSize, h, w, Config.BaseSize, Config.PeInterpolation);
            positions = tensor(grid, [1, h * w, Config.HiddenSize]).to(device).DetachFromDisposeScope();
            _positions[(h, w, device.type)] = positions;
        }

        return positions;
    }
}
