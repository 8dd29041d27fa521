using DataForge.Trainer.Model;
using static TorchSharp.torch;

namespace DataForge.Trainer.Sampling;

/// <summary>
/// Classifier-free guidance around a <see cref="PixArtDiT"/>: one batched call on [conditional; null caption],
/// then <c>ε = ε_u + s·(ε_c − ε_u)</c>. The null caption is the model's <c>y_embedding</c> buffer, as the official
/// inference script uses (diffusers encodes "" with T5 instead).
/// </summary>
public static class ClassifierFreeGuidance
{
    /// <summary>Creates the guided denoiser.</summary>
    /// <param name="model">The model (in eval mode).</param>
    /// <param name="captions">T5 features (B, L, Cc).</param>
    /// <param name="mask">Caption masks (B, L), used for both halves as the official code does; null attends to every token (the official 1024-MS iDDPM path).</param>
    /// <param name="scale">Guidance scale s (PixArt default 4.5); 1 means no guidance.</param>
    /// <param name="guidedChannels">
    /// How many ε channels get guidance: all by default (DPM-Solver path); the official iDDPM path guides only the
    /// first 3 of 4, a quirk inherited from DiT.
    /// </param>
    /// <param name="imageSize">Micro-condition (B, 2) for the 1024-MS model.</param>
    /// <param name="aspectRatio">Micro-condition (B, 1) for the 1024-MS model.</param>
    /// <returns>The denoiser.</returns>
    public static Denoiser Create(PixArtDiT model, Tensor captions, Tensor? mask, double scale, int? guidedChannels = null, Tensor? imageSize = null, Tensor? aspectRatio = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(captions);
        var channels = model.Config.InChannels;
        var guided = guidedChannels ?? channels;
        return (x, t) =>
        {
            using var scope = NewDisposeScope();
            var batch = x.shape[0];
            var nullCaption = model.CaptionEmbedder.NullCaption.to(captions.device).to_type(captions.dtype)
                .unsqueeze(0).expand(batch, -1, -1);
            var output = model.forward(
                cat([x, x]),
                cat([t, t]),
                cat([captions, nullCaption]),
                mask is null ? null : cat([mask, mask]),
                imageSize is null ? null : cat([imageSize, imageSize]),
                aspectRatio is null ? null : cat([aspectRatio, aspectRatio]));
            var halves = output.chunk(2, dim: 0);
            var (cond, uncond) = (halves[0], halves[1]);
            var guidedEps = uncond[.., ..guided] + (scale * (cond[.., ..guided] - uncond[.., ..guided]));
            return cat([guidedEps, cond[.., guided..]], dim: 1).MoveToOuterDisposeScope();
        };
    }
}
