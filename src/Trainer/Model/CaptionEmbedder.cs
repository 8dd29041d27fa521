using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DataForge.Trainer.Model;

/// <summary>
/// <c>y_embedder</c>: projects T5 features (4096 → D → D, GELU-tanh) and holds the null caption
/// <c>y_embedding</c> used for classifier-free guidance. As in the official code, <c>y_embedding</c> is a
/// <em>buffer</em> (a fixed random null caption, saved in checkpoints, never trained).
/// </summary>
public sealed class CaptionEmbedder : Module<Tensor, Tensor?, Tensor>
{
#pragma warning disable IDE1006 // PyTorch parameter names.
    private readonly FeedForward y_proj;
    private readonly Tensor y_embedding;
#pragma warning restore IDE1006

    /// <summary>Creates the embedder.</summary>
    /// <param name="captionChannels">Text feature width.</param>
    /// <param name="hidden">Model width D.</param>
    /// <param name="tokens">Text tokens (120).</param>
    /// <param name="device">Where parameters live.</param>
    public CaptionEmbedder(int captionChannels, int hidden, int tokens, Device? device = null)
        : base(nameof(CaptionEmbedder))
    {
        y_proj = new FeedForward(captionChannels, hidden, hidden, device);
        y_embedding = randn(tokens, captionChannels, device: device) / Math.Sqrt(captionChannels);
        register_buffer("y_embedding", y_embedding);
        RegisterComponents();
    }

    /// <summary>Gets the projection MLP.</summary>
    internal FeedForward Projection => y_proj;

    /// <summary>Gets the null caption (tokens, captionChannels).</summary>
    public Tensor NullCaption => y_embedding;

    /// <summary>Projects captions, replacing the ones selected by <paramref name="dropMask"/> with the null caption.</summary>
    /// <param name="caption">T5 features (B, L, C).</param>
    /// <param name="dropMask">Bool (B): true where the caption is dropped; null drops nothing.</param>
    /// <returns>(B, L, D).</returns>
    public override Tensor forward(Tensor caption, Tensor? dropMask)
    {
        ArgumentNullException.ThrowIfNull(caption);
        if (dropMask is null)
        {
            return y_proj.forward(caption);
        }

        using var scope = NewDisposeScope();
        var nullCaption = y_embedding.unsqueeze(0).to(caption.device).to_type(caption.dtype);
        var mixed = where(dropMask.reshape(-1, 1, 1), nullCaption, caption);
        return y_proj.forward(mixed).MoveToOuterDisposeScope();
    }
}
