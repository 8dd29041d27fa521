using DataForge.Core.Errors;
using DataForge.Trainer.Model;
using DataForge.Trainer.Training;
using static TorchSharp.torch;

namespace DataForge.Trainer.Checkpoints;

/// <summary>
/// Reads any checkpoint a user may hold — a DataForge checkpoint or run folder, the official PixArt-α
/// <c>.pth</c> (<c>{"state_dict": …}</c> or bare), a safetensors file with official names, or a diffusers
/// <c>PixArtTransformer2DModel</c> folder — and loads it into a model after checking that it fits: the architecture
/// read off the weights against the configuration, every tensor's shape, and every key accounted for.
/// </summary>
public static class CheckpointImporter
{
    /// <summary>File name DataForge's diffusers export gives the null caption, which diffusers itself does not keep.</summary>
    public const string NullCaptionFile = "dataforge_null_caption.safetensors";

    private const string PositionBuffer = "pos_embed";

    /// <summary>Reads a checkpoint into memory under official names.</summary>
    /// <param name="path">File or folder.</param>
    /// <param name="preferEma">Take EMA weights where the source has both.</param>
    /// <param name="optionName">The option that named the path, for messages.</param>
    /// <returns>The weights (caller disposes).</returns>
    /// <exception cref="OptionsValidationException">The path is not a checkpoint this reader knows.</exception>
    public static ImportedWeights Read(string path, bool preferEma, string optionName)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (File.Exists(path))
        {
            var format = StateDictFile.Sniff(path) switch
            {
                StateDictFormat.TorchZip => "torch.save pickle",
                StateDictFormat.Safetensors => "safetensors",
                _ => "state dict",
            };
            return new ImportedWeights(path, format, Load(path, preferEma, optionName), null);
        }

        if (!Directory.Exists(path))
        {
            throw new OptionsValidationException(optionName, $"{path}: no such file or folder");
        }

        if (DataForgeCheckpoint(path) is { } checkpoint)
        {
            var state = CheckpointStore.ReadState(checkpoint);
            using var model = new PixArtDiT(state.Config);
            CheckpointStore.LoadWeights(checkpoint, model, preferEma);
            var tensors = model.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone(), StringComparer.Ordinal);
            return new ImportedWeights(checkpoint, preferEma ? "DataForge checkpoint (EMA)" : "DataForge checkpoint (raw)", tensors, state.Config);
        }

        var transformer = File.Exists(Path.Combine(path, "transformer", "config.json")) ? Path.Combine(path, "transformer") : path;
        if (File.Exists(Path.Combine(transformer, "config.json")))
        {
            return ReadDiffusers(transformer, optionName);
        }

        throw new OptionsValidationException(optionName, $"{path}: neither a DataForge checkpoint or run folder (state.json, checkpoints/latest) nor a diffusers folder (transformer/config.json)");
    }

    /// <summary>Copies imported weights into a model after checking that they fit it.</summary>
    /// <param name="weights">The weights.</param>
    /// <param name="model">Target model.</param>
    /// <param name="policy">What may be missing.</param>
    /// <param name="optionName">The option that named the checkpoint, for messages.</param>
    /// <returns>What was loaded and what was left.</returns>
    /// <exception cref="OptionsValidationException">The checkpoint does not fit: names the tensors, shapes and keys.</exception>
    public static ImportReport LoadInto(ImportedWeights weights, PixArtDiT model, ImportPolicy policy, string optionName)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(model);
        var file = weights.Tensors;
        var where = $"{weights.Source} ({weights.Format})";
        if (file.ContainsKey("y_embedder.embedding_table.weight"))
        {
            throw new OptionsValidationException(optionName, $"{where} is a class-conditional DiT checkpoint (y_embedder.embedding_table); start from it with --init-dit");
        }

        var architecture = CheckpointArchitecture.Infer(file)
            ?? throw new OptionsValidationException(optionName, $"{where} is not a PixArt-α state dict: it has no x_embedder.proj.weight ({file.Count} tensors, e.g. {string.Join(", ", file.Keys.Take(3))})");
        var differences = architecture.Differences(model.Config, policy == ImportPolicy.StageStart);
        if (differences.Count > 0)
        {
            throw new OptionsValidationException(optionName, $"{where} does not fit the configuration: {string.Join("; ", differences)}");
        }

        var targets = model.state_dict();
        var shapes = targets.Where(t => file.TryGetValue(t.Key, out var f) && !f.shape.SequenceEqual(t.Value.shape))
            .Select(t => $"{t.Key} is {Shape(file[t.Key])} in the checkpoint, {Shape(t.Value)} in the model").ToList();
        if (shapes.Count > 0)
        {
            throw new OptionsValidationException(optionName, $"{where}: {shapes.Count} tensor(s) of the wrong shape: {List(shapes)}");
        }

        var missing = targets.Keys.Where(k => !file.ContainsKey(k)).ToList();
        var allowed = missing.Where(k => policy == ImportPolicy.StageStart && MayKeepInitialisation(k)).ToList();
        var refused = missing.Except(allowed).ToList();
        if (refused.Count > 0)
        {
            var why = refused.Contains("y_embedder.y_embedding")
                ? $" (a diffusers folder keeps no null caption unless DataForge exported it as {NullCaptionFile}; classifier-free guidance needs it)"
                : "";
            throw new OptionsValidationException(optionName, $"{where} lacks {refused.Count} tensor(s) the model needs{why}: {List(refused)}");
        }

        var unused = file.Keys.Where(k => !targets.ContainsKey(k) && k != PositionBuffer).Concat(weights.Unmapped).ToList();
        if (unused.Count > 0)
        {
            throw new OptionsValidationException(optionName, $"{where} has {unused.Count} tensor(s) the model has no place for: {List(unused)}");
        }

        using (no_grad())
        {
            foreach (var (name, target) in targets)
            {
                if (file.TryGetValue(name, out var source))
                {
                    target.copy_(source);
                }
            }
        }

        var dropped = file.ContainsKey(PositionBuffer) ? new[] { PositionBuffer } : [];
        return new ImportReport(weights.Source, weights.Format, architecture, targets.Count - allowed.Count, allowed, dropped);
    }

    /// <summary>Reads a checkpoint and loads it into a new model of <paramref name="config"/>.</summary>
    /// <param name="path">File or folder.</param>
    /// <param name="config">Target configuration.</param>
    /// <param name="policy">What may be missing.</param>
    /// <param name="preferEma">Take EMA weights where the source has both.</param>
    /// <param name="optionName">The option that named the checkpoint.</param>
    /// <returns>The model (caller disposes) and the report.</returns>
    public static (PixArtDiT Model, ImportReport Report) Load(string path, PixArtConfig config, ImportPolicy policy, bool preferEma, string optionName)
    {
        // The model is built first so that what keeps its initialisation gets the same draws as a fresh run would.
        var model = new PixArtDiT(config);
        try
        {
            using var weights = Read(path, preferEma, optionName);
            return (model, LoadInto(weights, model, policy, optionName));
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Finds the DataForge checkpoint a folder names: itself, or a run folder's latest.</summary>
    /// <param name="path">A folder.</param>
    /// <returns>The checkpoint folder, or null.</returns>
    public static string? DataForgeCheckpoint(string path) =>
        File.Exists(Path.Combine(path, "state.json")) ? path : new CheckpointStore(path).Latest;

    private static bool MayKeepInitialisation(string name) =>
        name.StartsWith("csize_embedder.", StringComparison.Ordinal)
        || name.StartsWith("ar_embedder.", StringComparison.Ordinal)
        || name == "y_embedder.y_embedding";

    private static ImportedWeights ReadDiffusers(string folder, string optionName)
    {
        var config = DiffusersTransformerConfig.Read(Path.Combine(folder, "config.json"));
        var single = Path.Combine(folder, "diffusion_pytorch_model.safetensors");
        var index = single + ".index.json";
        var files = File.Exists(single) ? [single]
            : File.Exists(index) ? ShardFiles(folder, index)
            : throw new OptionsValidationException(optionName, $"{folder}: no diffusion_pytorch_model.safetensors (or its .index.json)");
        var diffusers = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            foreach (var file in files)
            {
                foreach (var (name, tensor) in Load(file, true, optionName))
                {
                    diffusers[name] = tensor;
                }
            }

            var (official, unmapped) = DiffusersLayout.ToOfficial(diffusers);
            var nullCaption = Path.Combine(folder, NullCaptionFile);
            var template = PixArtConfig.XL2_256;
            if (File.Exists(nullCaption))
            {
                foreach (var (name, tensor) in Load(nullCaption, true, optionName))
                {
                    official[name] = tensor;
                }

                if (official.TryGetValue("y_embedder.y_embedding", out var y))
                {
                    template = template with { ModelMaxLength = (int)y.shape[0] };
                }
            }

            return new ImportedWeights(folder, "diffusers PixArtTransformer2DModel", official, config.ToPixArt(template), unmapped);
        }
        finally
        {
            foreach (var tensor in diffusers.Values)
            {
                tensor.Dispose();
            }
        }
    }

    private static string[] ShardFiles(string folder, string index)
    {
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(index));
        return [.. json.RootElement.GetProperty("weight_map").EnumerateObject().Select(p => Path.Combine(folder, p.Value.GetString()!)).Distinct()];
    }

    private static Dictionary<string, Tensor> Load(string path, bool preferEma, string optionName)
    {
        try
        {
            return StateDictFile.Load(path, preferEma);
        }
        catch (DataForgeException ex) when (ex is not OptionsValidationException)
        {
            throw new OptionsValidationException(optionName, ex.Message);
        }
    }

    private static string Shape(Tensor tensor) => "[" + string.Join(", ", tensor.shape) + "]";

    private static string List(IReadOnlyCollection<string> names) =>
        string.Join(", ", names.Take(12)) + (names.Count > 12 ? $" … and {names.Count - 12} more" : "");
}
