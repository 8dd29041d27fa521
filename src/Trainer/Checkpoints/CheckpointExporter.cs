using DataForge.Core.Errors;
using DataForge.Trainer.Model;
using static TorchSharp.torch;

namespace DataForge.Trainer.Checkpoints;

/// <summary>
/// Writes a DataForge checkpoint in a layout other tools load: the official PixArt-α <c>.pth</c> (with the
/// <c>pos_embed</c> buffer the official module registers, so <c>strict=True</c> accepts it), a diffusers
/// <c>transformer/</c> folder, or a safetensors file with official names. EMA weights unless raw are asked for.
/// </summary>
public static class CheckpointExporter
{
    /// <summary>Exports a checkpoint.</summary>
    /// <param name="checkpoint">A DataForge checkpoint or run folder.</param>
    /// <param name="output">Destination: a file for <see cref="ExportFormat.PixArt"/> and <see cref="ExportFormat.Safetensors"/>, a folder for <see cref="ExportFormat.Diffusers"/>.</param>
    /// <param name="format">Layout.</param>
    /// <param name="ema">Export the EMA weights (else the raw ones).</param>
    /// <returns>The paths written.</returns>
    /// <exception cref="OptionsValidationException">The input is not a DataForge checkpoint or the model has no counterpart in the format.</exception>
    public static IReadOnlyList<string> Export(string checkpoint, string output, ExportFormat format, bool ema = true)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(output);
        if (!Directory.Exists(checkpoint) || CheckpointImporter.DataForgeCheckpoint(checkpoint) is null)
        {
            throw new OptionsValidationException("--input", $"{checkpoint} is neither a DataForge checkpoint (state.json) nor a run folder with one");
        }

        using var weights = CheckpointImporter.Read(checkpoint, ema, "--input");
        var config = weights.Config!;
        using var scope = NewDisposeScope();
        var official = Official(weights.Tensors, config);
        switch (format)
        {
            case ExportFormat.PixArt:
                StateDictFile.SavePickle(output, official, "state_dict");
                return [output];
            case ExportFormat.Safetensors:
                StateDictFile.SaveSafetensors(output, official);
                return [output];
            default:
                DiffusersTransformerConfig diffusersConfig;
                try
                {
                    diffusersConfig = DiffusersTransformerConfig.From(config);
                }
                catch (DataForgeException ex)
                {
                    throw new OptionsValidationException("--format", ex.Message);
                }

                var folder = Path.Combine(output, "transformer");
                Directory.CreateDirectory(folder);
                var weightsPath = Path.Combine(folder, "diffusion_pytorch_model.safetensors");
                StateDictFile.SaveSafetensors(weightsPath, DiffusersLayout.FromOfficial(official));
                var nullCaption = Path.Combine(folder, CheckpointImporter.NullCaptionFile);
                StateDictFile.SaveSafetensors(nullCaption, new Dictionary<string, Tensor> { ["y_embedder.y_embedding"] = official["y_embedder.y_embedding"] });
                var configPath = Path.Combine(folder, "config.json");
                diffusersConfig.Write(configPath);
                return [configPath, weightsPath, nullCaption];
        }
    }

    /// <summary>The official state dict of a model: its own tensors plus <c>pos_embed</c> for the configured size.</summary>
    /// <param name="tensors">The model's tensors by name.</param>
    /// <param name="config">Its configuration.</param>
    /// <returns>Tensors by official name (the input's tensors, plus a new <c>pos_embed</c>).</returns>
    public static Dictionary<string, Tensor> Official(IReadOnlyDictionary<string, Tensor> tensors, PixArtConfig config)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(config);
        var side = config.BaseSize;
        var grid = SinusoidalEmbedding.PositionGrid(config.HiddenSize, side, side, config.BaseSize, config.PeInterpolation);
        var official = tensors.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        official["pos_embed"] = tensor(grid, [1, side * side, config.HiddenSize]);
        return official;
    }
}
