using DataForge.Core.Errors;
using DataForge.Trainer.Model;
using static TorchSharp.torch;

namespace DataForge.Trainer.Checkpoints;

/// <summary>
/// Builds a PixArt-α model from a class-conditional ImageNet DiT checkpoint (PixArt-α §2.3): copies the weights
/// both nets share (patch embedding, timestep MLP, attention, MLPs, final linear), drops the class table, the
/// per-block adaLN MLPs and <c>pos_embed</c>, and sets each <c>scale_shift_table</c> so the block's modulation
/// equals DiT's at t = 500: <c>E(i) = W_i·SiLU(c0 + e) + b_i − t_block(e)</c> with <c>e = t_embedder(500)</c>. The
/// final layer gets the same rule, <c>E_f = W_f·SiLU(c0 + e) + b_f − e</c>. New parts (cross-attention with its
/// zero output projection, caption projection, <c>t_block</c>, micro-conditions) keep PixArt's initialisation.
/// </summary>
public static class DitReparameterizer
{
    /// <summary>The timestep the paper matches modulations at.</summary>
    public const int MatchTimestep = 500;

    /// <summary>Converts a DiT state dict into an initialised PixArt model.</summary>
    /// <param name="dit">DiT tensors by name (see <see cref="StateDictFile.Load"/>).</param>
    /// <param name="config">Target configuration; width, depth, patch and channels must match the DiT.</param>
    /// <param name="condition">What "without c" means.</param>
    /// <returns>The model (caller disposes).</returns>
    /// <exception cref="DataForgeException">A tensor is missing or has the wrong shape.</exception>
    public static PixArtDiT Convert(IReadOnlyDictionary<string, Tensor> dit, PixArtConfig config, NullClassCondition condition = NullClassCondition.NullClassEmbedding)
    {
        ArgumentNullException.ThrowIfNull(dit);
        ArgumentNullException.ThrowIfNull(config);
        var model = new PixArtDiT(config);
        try
        {
            var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
            using var noGrad = no_grad();
            foreach (var (name, parameter) in parameters)
            {
                if (IsShared(name))
                {
                    parameter.copy_(Require(dit, name, parameter.shape));
                }
            }

            var d = config.HiddenSize;
            var e = model.TimestepEmbedder.forward(tensor(new long[] { MatchTimestep })); // (1, D)
            var c = condition == NullClassCondition.Zero
                ? e
                : e + Require(dit, "y_embedder.embedding_table.weight", null)[-1].unsqueeze(0);
            var silu = nn.functional.silu(c);
            var shared = model.TBlockLinear.forward(nn.functional.silu(e)); // (1, 6D)
            for (var i = 0; i < config.Depth; i++)
            {
                var w = Require(dit, $"blocks.{i}.adaLN_modulation.1.weight", [6L * d, d]);
                var b = Require(dit, $"blocks.{i}.adaLN_modulation.1.bias", [6L * d]);
                var table = model.Blocks[i].ScaleShiftTable
                    ?? throw new DataForgeException("re-parameterisation targets adaLN-single models");
                table.copy_((nn.functional.linear(silu, w, b) - shared).reshape(6, d));
            }

            var wf = Require(dit, "final_layer.adaLN_modulation.1.weight", [2L * d, d]);
            var bf = Require(dit, "final_layer.adaLN_modulation.1.bias", [2L * d]);
            parameters["final_layer.scale_shift_table"].copy_(nn.functional.linear(silu, wf, bf).reshape(2, d) - e);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Loads a DiT checkpoint file and converts it.</summary>
    /// <param name="path">A DiT <c>.pt</c> or <c>.safetensors</c>.</param>
    /// <param name="config">Target configuration.</param>
    /// <param name="condition">What "without c" means.</param>
    /// <returns>The model.</returns>
    public static PixArtDiT FromFile(string path, PixArtConfig config, NullClassCondition condition = NullClassCondition.NullClassEmbedding)
    {
        var dit = StateDictFile.Load(path);
        try
        {
            return Convert(dit, config, condition);
        }
        finally
        {
            foreach (var tensor in dit.Values)
            {
                tensor.Dispose();
            }
        }
    }

    private static bool IsShared(string name) =>
        name.StartsWith("x_embedder.", StringComparison.Ordinal)
        || name.StartsWith("t_embedder.", StringComparison.Ordinal)
        || name.StartsWith("final_layer.linear.", StringComparison.Ordinal)
        || (name.StartsWith("blocks.", StringComparison.Ordinal)
            && (name.Contains(".attn.", StringComparison.Ordinal) || name.Contains(".mlp.", StringComparison.Ordinal)));

    private static Tensor Require(IReadOnlyDictionary<string, Tensor> dit, string name, long[]? shape)
    {
        if (!dit.TryGetValue(name, out var tensor))
        {
            throw new DataForgeException($"DiT checkpoint has no '{name}'");
        }

        if (shape is not null && !tensor.shape.SequenceEqual(shape))
        {
            throw new DataForgeException($"DiT '{name}' is [{string.Join(", ", tensor.shape)}], PixArt needs [{string.Join(", ", shape)}]");
        }

        return tensor;
    }
}
