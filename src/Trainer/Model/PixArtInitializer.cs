using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DataForge.Trainer.Model;

/// <summary>
/// The official <c>initialize_weights</c>: xavier-uniform for every Linear (bias 0) and for the flattened patch
/// conv (its bias keeps the default), N(0, 0.02) for the timestep, <c>t_block</c>, caption-projection and
/// micro-condition MLP weights, and zero for each cross-attention output projection and the final linear (so at
/// initialisation the text path and the output are exactly zero).
/// </summary>
internal static class PixArtInitializer
{
    public static void Apply(PixArtDiT model)
    {
        using var noGrad = no_grad();
        foreach (var linear in model.modules().OfType<Linear>())
        {
            init.xavier_uniform_(linear.weight!);
            if (linear.bias is not null)
            {
                init.zeros_(linear.bias);
            }
        }

        var conv = model.PatchProjection.weight!;
        using (var flat = conv.view(conv.shape[0], -1))
        {
            init.xavier_uniform_(flat);
        }

        var normal = model.TimestepEmbedder.Linears
            .Append(model.TBlockLinear)
            .Append(model.CaptionEmbedder.Projection.Fc1)
            .Append(model.CaptionEmbedder.Projection.Fc2)
            .Concat(model.SizeEmbedders.SelectMany(e => e.Linears));
        foreach (var linear in normal)
        {
            init.normal_(linear.weight!, std: 0.02);
        }

        foreach (var block in model.Blocks)
        {
            init.zeros_(block.CrossAttention.Proj.weight!);
            init.zeros_(block.CrossAttention.Proj.bias!);
            if (block.AdaLnLinear is { } adaLn)
            {
                // DiT's adaLN-Zero for the full-adaLN ablation.
                init.zeros_(adaLn.weight!);
                init.zeros_(adaLn.bias!);
            }
        }

        init.zeros_(model.FinalLayer.Linear.weight!);
        init.zeros_(model.FinalLayer.Linear.bias!);
    }
}
