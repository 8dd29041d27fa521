using System.Globalization;
using System.Text.RegularExpressions;
using DataForge.Trainer.Model;
using static TorchSharp.torch;

namespace DataForge.Trainer.Checkpoints;

/// <summary>
/// What a state dict with official PixArt-α names says about its network: depth (the <c>blocks.N</c> present),
/// width, channels and patch (<c>x_embedder.proj.weight</c>, D×C×p×p), learned sigma (the final linear's outputs),
/// the 1024-MS micro-condition embedders, the modulation variant and the caption width. Head count and input size
/// leave no trace in the weights and come from the configuration.
/// </summary>
public sealed partial record CheckpointArchitecture
{
    /// <summary>Gets the block count.</summary>
    public int Depth { get; init; }

    /// <summary>Gets the width D.</summary>
    public int HiddenSize { get; init; }

    /// <summary>Gets the latent channels in.</summary>
    public int InChannels { get; init; }

    /// <summary>Gets the patch size.</summary>
    public int PatchSize { get; init; }

    /// <summary>Gets the channels out.</summary>
    public int OutChannels { get; init; }

    /// <summary>Gets whether the size and aspect-ratio embedders are present.</summary>
    public bool MicroConditions { get; init; }

    /// <summary>Gets whether blocks carry adaLN-single tables (else full per-block adaLN).</summary>
    public bool AdaLnSingle { get; init; }

    /// <summary>Gets the caption feature width.</summary>
    public int CaptionChannels { get; init; }

    /// <summary>Reads the architecture off the tensors.</summary>
    /// <param name="tensors">Tensors by official name.</param>
    /// <returns>The architecture, or null when the patch embedding is missing (not a PixArt state dict).</returns>
    public static CheckpointArchitecture? Infer(IReadOnlyDictionary<string, Tensor> tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (!tensors.TryGetValue("x_embedder.proj.weight", out var patch) || patch.dim() != 4)
        {
            return null;
        }

        var p = (int)patch.shape[2];
        var depth = tensors.Keys.Select(k => BlockIndex().Match(k)).Where(m => m.Success)
            .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) + 1).DefaultIfEmpty(0).Max();
        return new CheckpointArchitecture
        {
            Depth = depth, HiddenSize = (int)patch.shape[0], InChannels = (int)patch.shape[1], PatchSize = p,
            OutChannels = tensors.TryGetValue("final_layer.linear.weight", out var final) ? (int)(final.shape[0] / (p * p)) : 0,
            MicroConditions = tensors.ContainsKey("csize_embedder.mlp.0.weight"),
            AdaLnSingle = tensors.ContainsKey("blocks.0.scale_shift_table"),
            CaptionChannels = tensors.TryGetValue("y_embedder.y_proj.fc1.weight", out var fc1) ? (int)fc1.shape[1] : 0,
        };
    }

    /// <summary>Lists how a configuration differs from this architecture, one phrase each naming the evidence.</summary>
    /// <param name="config">The configuration.</param>
    /// <param name="allowMissingMicroConditions">Accept a configuration with micro-conditions the checkpoint lacks (a stage-to-stage start).</param>
    /// <returns>Differences; empty when the configuration fits.</returns>
    public IReadOnlyList<string> Differences(PixArtConfig config, bool allowMissingMicroConditions)
    {
        ArgumentNullException.ThrowIfNull(config);
        var problems = new List<string>();
        void Check(string what, object file, object configured, string evidence)
        {
            if (!file.Equals(configured))
            {
                problems.Add($"{what}: checkpoint {file} ({evidence}), configuration {configured}");
            }
        }

        Check("depth", Depth, config.Depth, $"blocks.0 … blocks.{Depth - 1}");
        Check("hidden size", HiddenSize, config.HiddenSize, "x_embedder.proj.weight dim 0");
        Check("in channels", InChannels, config.InChannels, "x_embedder.proj.weight dim 1");
        Check("patch size", PatchSize, config.PatchSize, "x_embedder.proj.weight dims 2-3");
        Check("out channels (learned sigma)", OutChannels, config.OutChannels, "final_layer.linear.weight dim 0 / patch²");
        Check("caption channels", CaptionChannels, config.CaptionChannels, "y_embedder.y_proj.fc1.weight dim 1");
        Check("adaLN", AdaLnSingle ? "single" : "full per block", config.AdaLn == AdaLnMode.Single ? "single" : "full per block", "blocks.0.scale_shift_table");
        if (MicroConditions != config.MicroConditions && !(allowMissingMicroConditions && config.MicroConditions))
        {
            problems.Add($"micro-conditions: checkpoint {(MicroConditions ? "has" : "lacks")} csize_embedder/ar_embedder, configuration has micro_conditions {(config.MicroConditions ? "on" : "off")}");
        }

        return problems;
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"depth {Depth}, hidden {HiddenSize}, patch {PatchSize}, in {InChannels}, out {OutChannels}, caption {CaptionChannels}, {(AdaLnSingle ? "adaLN-single" : "full adaLN")}, {(MicroConditions ? "MS embedders" : "no MS embedders")}");

    [GeneratedRegex(@"^blocks\.(\d+)\.")]
    private static partial Regex BlockIndex();
}
