using System.Globalization;
using System.Text.Json;
using DataForge.Core.Shards;
using TorchSharp;
using static TorchSharp.torch;

namespace DataForge.ShapeWorld.Training;

/// <summary>
/// The checkpoint folder of a resumable shape-world training run: <c>checkpoints/step_NNNNNNN/</c> with
/// <c>model.dat</c>, <c>optimizer.dat</c> and <c>state.json</c>, and a <c>latest</c> pointer written last, so a killed
/// run never leaves a checkpoint that looks complete. Only the newest checkpoint is kept.
/// </summary>
/// <param name="Directory">The <c>checkpoints</c> folder.</param>
internal sealed record RunCheckpoints(string Directory)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>Gets the newest complete checkpoint folder, or <see langword="null"/>.</summary>
    public string? Latest
    {
        get
        {
            var pointer = Path.Combine(Directory, "latest");
            if (!File.Exists(pointer))
            {
                return null;
            }

            var path = Path.Combine(Directory, File.ReadAllText(pointer).Trim());
            return File.Exists(Path.Combine(path, "state.json")) ? path : null;
        }
    }

    /// <summary>Reads a checkpoint's state.</summary>
    /// <typeparam name="TState">The run-state record.</typeparam>
    /// <param name="checkpoint">The checkpoint folder.</param>
    /// <returns>The state.</returns>
    public static TState ReadState<TState>(string checkpoint) =>
        JsonSerializer.Deserialize<TState>(File.ReadAllBytes(Path.Combine(checkpoint, "state.json")), Json)
        ?? throw new InvalidDataException($"{checkpoint}: empty state.json");

    /// <summary>Loads weights and optimizer state from a checkpoint.</summary>
    /// <param name="checkpoint">The checkpoint folder.</param>
    /// <param name="model">The model.</param>
    /// <param name="optimizer">The optimizer, or <see langword="null"/> to load weights only.</param>
    public static void Load(string checkpoint, nn.Module model, TorchSharp.Modules.AdamW? optimizer)
    {
        ArgumentNullException.ThrowIfNull(model);
        model.load(Path.Combine(checkpoint, "model.dat"));
        optimizer?.load_state_dict(Path.Combine(checkpoint, "optimizer.dat"));
    }

    /// <summary>Writes a checkpoint for <paramref name="step"/> and points <c>latest</c> at it.</summary>
    /// <typeparam name="TState">The run-state record.</typeparam>
    /// <param name="step">The completed step.</param>
    /// <param name="model">The model.</param>
    /// <param name="optimizer">The optimizer.</param>
    /// <param name="state">The run state.</param>
    /// <param name="more">Further modules saved beside the model (a training-only head), each under its file name.</param>
    public void Save<TState>(int step, nn.Module model, TorchSharp.Modules.AdamW optimizer, TState state, params (string FileName, nn.Module Module)[] more)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        System.IO.Directory.CreateDirectory(Directory);
        var name = "step_" + step.ToString("D7", CultureInfo.InvariantCulture);
        var final = Path.Combine(Directory, name);
        var temporary = AtomicFile.TemporaryPathFor(final);
        System.IO.Directory.CreateDirectory(temporary);
        model.save(Path.Combine(temporary, "model.dat"));
        optimizer.save_state_dict(Path.Combine(temporary, "optimizer.dat"));
        foreach (var (fileName, module) in more)
        {
            module.save(Path.Combine(temporary, fileName));
        }

        File.WriteAllBytes(Path.Combine(temporary, "state.json"), JsonSerializer.SerializeToUtf8Bytes(state, Json));
        if (System.IO.Directory.Exists(final))
        {
            System.IO.Directory.Delete(final, recursive: true);
        }

        System.IO.Directory.Move(temporary, final);
        AtomicFile.WriteAllBytesAsync(Path.Combine(Directory, "latest"), System.Text.Encoding.UTF8.GetBytes(name + "\n")).GetAwaiter().GetResult();
        foreach (var old in System.IO.Directory.GetDirectories(Directory, "step_*").Where(d => Path.GetFileName(d) != name && !d.Contains(".tmp", StringComparison.Ordinal)))
        {
            System.IO.Directory.Delete(old, recursive: true);
        }
    }

    /// <summary>Linear warm-up then cosine decay to a tenth of the peak.</summary>
    /// <param name="step">Zero-based step.</param>
    /// <param name="peak">Peak learning rate.</param>
    /// <param name="warmup">Warm-up steps.</param>
    /// <param name="steps">Planned steps.</param>
    /// <returns>The learning rate.</returns>
    public static double LearningRate(int step, double peak, int warmup, int steps)
    {
        if (step < warmup)
        {
            return peak * (step + 1) / warmup;
        }

        var progress = (double)(step - warmup) / Math.Max(1, steps - warmup);
        return peak * (0.1 + (0.9 * 0.5 * (1 + Math.Cos(Math.PI * progress))));
    }
}
