using System.Globalization;
using DataForge.Core.Errors;
using static TorchSharp.torch;

namespace DataForge.Trainer.Checkpoints;

/// <summary>
/// Key names of diffusers' <c>PixArtTransformer2DModel</c> against the official PixArt-α names, as
/// <c>scripts/convert_pixart_alpha_to_diffusers.py</c> maps them: the fused self-attention <c>qkv</c> and
/// cross-attention <c>kv_linear</c> are split into <c>to_q/to_k/to_v</c>, <c>t_block</c> becomes
/// <c>adaln_single.linear</c>, the micro-condition MLPs live under <c>adaln_single.emb</c>. Diffusers keeps no null
/// caption (its pipeline encodes the empty prompt instead) and no <c>pos_embed</c> buffer.
/// </summary>
public static class DiffusersLayout
{
    private static readonly (string Diffusers, string Official)[] Renames =
    [
        ("pos_embed.proj.", "x_embedder.proj."),
        ("caption_projection.linear_1.", "y_embedder.y_proj.fc1."),
        ("caption_projection.linear_2.", "y_embedder.y_proj.fc2."),
        ("adaln_single.emb.timestep_embedder.linear_1.", "t_embedder.mlp.0."),
        ("adaln_single.emb.timestep_embedder.linear_2.", "t_embedder.mlp.2."),
        ("adaln_single.emb.resolution_embedder.linear_1.", "csize_embedder.mlp.0."),
        ("adaln_single.emb.resolution_embedder.linear_2.", "csize_embedder.mlp.2."),
        ("adaln_single.emb.aspect_ratio_embedder.linear_1.", "ar_embedder.mlp.0."),
        ("adaln_single.emb.aspect_ratio_embedder.linear_2.", "ar_embedder.mlp.2."),
        ("adaln_single.linear.", "t_block.1."),
        ("proj_out.", "final_layer.linear."),
        ("scale_shift_table", "final_layer.scale_shift_table"),
    ];

    private static readonly (string Diffusers, string Official)[] BlockRenames =
    [
        ("scale_shift_table", "scale_shift_table"),
        ("attn1.to_out.0.", "attn.proj."),
        ("attn2.to_q.", "cross_attn.q_linear."),
        ("attn2.to_out.0.", "cross_attn.proj."),
        ("ff.net.0.proj.", "mlp.fc1."),
        ("ff.net.2.", "mlp.fc2."),
    ];

    /// <summary>Renames a diffusers state dict to official names, fusing the split projections back.</summary>
    /// <param name="diffusers">Tensors by diffusers name.</param>
    /// <returns>New tensors by official name (caller disposes; the input is untouched), and the diffusers keys no rule maps.</returns>
    public static (Dictionary<string, Tensor> Official, List<string> Unmapped) ToOfficial(IReadOnlyDictionary<string, Tensor> diffusers)
    {
        ArgumentNullException.ThrowIfNull(diffusers);
        var official = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var unmapped = new List<string>();
        var fused = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, tensor) in diffusers)
        {
            if (MapName(name) is { } mapped)
            {
                official[mapped] = tensor.clone();
            }
            else if (!TryFuse(name, diffusers, official, fused))
            {
                unmapped.Add(name);
            }
        }

        return (official, unmapped);
    }

    /// <summary>Renames an official state dict to diffusers names, splitting the fused projections.</summary>
    /// <param name="official">Tensors by official name; <c>pos_embed</c> and <c>y_embedder.y_embedding</c> are left out.</param>
    /// <returns>New tensors by diffusers name (caller disposes).</returns>
    /// <exception cref="DataForgeException">A tensor has no diffusers counterpart (e.g. the full-adaLN ablation).</exception>
    public static Dictionary<string, Tensor> FromOfficial(IReadOnlyDictionary<string, Tensor> official)
    {
        ArgumentNullException.ThrowIfNull(official);
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, tensor) in official)
        {
            if (name is "pos_embed" or "y_embedder.y_embedding")
            {
                continue;
            }

            if (SplitName(name) is { } split)
            {
                var parts = tensor.chunk(split.Parts.Length, dim: 0);
                for (var i = 0; i < parts.Length; i++)
                {
                    result[split.Prefix + split.Parts[i] + split.Suffix] = parts[i].contiguous().clone();
                    parts[i].Dispose();
                }

                continue;
            }

            result[OfficialToDiffusers(name) ?? throw new DataForgeException($"{name} has no counterpart in diffusers' PixArtTransformer2DModel")] = tensor.clone();
        }

        return result;
    }

    private static string? MapName(string name) => Rename(name, toOfficial: true);

    private static string? OfficialToDiffusers(string name) => Rename(name, toOfficial: false);

    // One table serves both directions: (diffusers, official) pairs read left to right or right to left.
    private static string? Rename(string name, bool toOfficial)
    {
        var (fromBlocks, toBlocks) = toOfficial ? ("transformer_blocks.", "blocks.") : ("blocks.", "transformer_blocks.");
        if (TryBlock(name, fromBlocks, out var index, out var rest))
        {
            foreach (var (d, o) in BlockRenames)
            {
                var (from, to) = toOfficial ? (d, o) : (o, d);
                if (rest.StartsWith(from, StringComparison.Ordinal))
                {
                    return $"{toBlocks}{index}.{to}{rest[from.Length..]}";
                }
            }

            return null;
        }

        foreach (var (d, o) in Renames)
        {
            var (from, to) = toOfficial ? (d, o) : (o, d);
            if (from.EndsWith('.') ? name.StartsWith(from, StringComparison.Ordinal) : name == from)
            {
                return to + name[from.Length..];
            }
        }

        return null;
    }

    // blocks.{i}.attn.qkv.{weight,bias} ↔ attn1.to_{q,k,v}; blocks.{i}.cross_attn.kv_linear ↔ attn2.to_{k,v}.
    private static (string Prefix, string[] Parts, string Suffix)? SplitName(string name)
    {
        if (!TryBlock(name, "blocks.", out var index, out var rest))
        {
            return null;
        }

        foreach (var suffix in new[] { "weight", "bias" })
        {
            if (rest == "attn.qkv." + suffix)
            {
                return ($"transformer_blocks.{index}.attn1.", ["to_q.", "to_k.", "to_v."], suffix);
            }

            if (rest == "cross_attn.kv_linear." + suffix)
            {
                return ($"transformer_blocks.{index}.attn2.", ["to_k.", "to_v."], suffix);
            }
        }

        return null;
    }

    private static bool TryFuse(string name, IReadOnlyDictionary<string, Tensor> diffusers, Dictionary<string, Tensor> official, HashSet<string> fused)
    {
        if (!TryBlock(name, "transformer_blocks.", out var index, out var rest))
        {
            return false;
        }

        foreach (var suffix in new[] { "weight", "bias" })
        {
            string[] self = ["attn1.to_q." + suffix, "attn1.to_k." + suffix, "attn1.to_v." + suffix];
            string[] cross = ["attn2.to_k." + suffix, "attn2.to_v." + suffix];
            foreach (var (members, target) in new[] { (self, $"blocks.{index}.attn.qkv.{suffix}"), (cross, $"blocks.{index}.cross_attn.kv_linear.{suffix}") })
            {
                if (!members.Contains(rest))
                {
                    continue;
                }

                var keys = members.Select(m => $"transformer_blocks.{index}.{m}").ToArray();
                if (keys.All(diffusers.ContainsKey))
                {
                    if (fused.Add(target))
                    {
                        official[target] = cat(keys.Select(k => diffusers[k]).ToArray(), dim: 0);
                    }

                    return true;
                }

                return false;
            }
        }

        return false;
    }

    private static bool TryBlock(string name, string prefix, out int index, out string rest)
    {
        index = -1;
        rest = "";
        if (!name.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var dot = name.IndexOf('.', prefix.Length);
        if (dot < 0 || !int.TryParse(name.AsSpan(prefix.Length, dot - prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out index))
        {
            return false;
        }

        rest = name[(dot + 1)..];
        return true;
    }
}
