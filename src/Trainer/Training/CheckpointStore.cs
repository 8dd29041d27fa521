using System.Globalization;
using System.Text.Json;
using DataForge.Core.Errors;
using DataForge.Core.Shards;
using DataForge.Trainer.Model;
using TorchSharp.Modules;

namespace DataForge.Trainer.Training;

/// <summary>
/// Training checkpoints under <c>&lt;run&gt;/checkpoints/step_NNNNNNNN/</c>: <c>model.dat</c>, <c>ema.dat</c>,
/// <c>optimizer.dat</c> (TorchSharp formats) and <c>state.json</c> (step, data cursor, RNG state, config). A checkpoint
/// is written into a temporary folder and renamed into place, so a killed run never leaves a partial one, and
/// <c>latest</c> (a one-line file, replaced atomically) names the newest.
/// </summary>
public sealed class CheckpointStore
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>Creates the store for a run folder.</summary>
    /// <param name="runDirectory">The run folder.</param>
    public CheckpointStore(string runDirectory)
    {
        Directory = Path.Combine(runDirectory, "checkpoints");
    }

    /// <summary>Gets the checkpoints folder.</summary>
    public string Directory { get; }

    /// <summary>Gets the newest complete checkpoint, or <see langword="null"/>.</summary>
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

    /// <summary>Writes a checkpoint atomically.</summary>
    /// <param name="model">Live weights.</param>
    /// <param name="ema">EMA weights.</param>
    /// <param name="optimizer">Optimizer (moments, step counts).</param>
    /// <param name="state">Cursor and RNG state.</param>
    /// <returns>The checkpoint folder.</returns>
    public string Save(PixArtDiT model, PixArtDiT ema, AdamW optimizer, TrainingState state)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(ema);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(state);
        System.IO.Directory.CreateDirectory(Directory);
        var name = "step_" + state.Step.ToString("D8", CultureInfo.InvariantCulture);
        var final = Path.Combine(Directory, name);
        var temporary = AtomicFile.TemporaryPathFor(final);
        System.IO.Directory.CreateDirectory(temporary);
        model.save(Path.Combine(temporary, "model.dat"));
        ema.save(Path.Combine(temporary, "ema.dat"));
        optimizer.save_state_dict(Path.Combine(temporary, "optimizer.dat"));
        File.WriteAllBytes(Path.Combine(temporary, "state.json"), JsonSerializer.SerializeToUtf8Bytes(state, Json));
        if (System.IO.Directory.Exists(final))
        {
            System.IO.Directory.Delete(final, recursive: true);
        }

        System.IO.Directory.Move(temporary, final);
        AtomicFile.WriteAllBytesAsync(Path.Combine(Directory, "latest"), System.Text.Encoding.UTF8.GetBytes(name + "\n")).GetAwaiter().GetResult();
        return final;
    }

    /// <summary>Reads a checkpoint's state file.</summary>
    /// <param name="checkpoint">The checkpoint folder.</param>
    /// <returns>The state.</returns>
    public static TrainingState ReadState(string checkpoint) =>
        Readable(checkpoint, "state.json", () => JsonSerializer.Deserialize<TrainingState>(File.ReadAllBytes(Path.Combine(checkpoint, "state.json")), Json))
        ?? throw new UnreadableFileException(checkpoint, "empty state.json");

    /// <summary>Loads weights (live or EMA) of a checkpoint into a model of the same configuration.</summary>
    /// <param name="checkpoint">The checkpoint folder.</param>
    /// <param name="model">Target model.</param>
    /// <param name="ema">Load the EMA weights instead of the live ones.</param>
    public static void LoadWeights(string checkpoint, PixArtDiT model, bool ema = false)
    {
        ArgumentNullException.ThrowIfNull(model);
        var file = ema ? "ema.dat" : "model.dat";
        Readable(checkpoint, file, () => model.load(Path.Combine(checkpoint, file)));
    }

    /// <summary>
    /// Runs a read of one checkpoint file, turning what a truncated or corrupt file makes the readers throw into one
    /// error that names the file and the way out.
    /// </summary>
    /// <param name="checkpoint">The checkpoint folder.</param>
    /// <param name="file">The file read, for the message.</param>
    /// <param name="read">The read.</param>
    internal static void Readable(string checkpoint, string file, Action read) =>
        Readable(checkpoint, file, () =>
        {
            read();
            return true;
        });

    private static T Readable<T>(string checkpoint, string file, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception ex) when (ex is IOException or JsonException or ArgumentException or InvalidDataException or FormatException or InvalidOperationException)
        {
            throw new UnreadableFileException(
                Path.Combine(checkpoint, file),
                $"truncated or corrupt checkpoint ({ex.Message.Split('\n')[0]}); delete {checkpoint} to resume from the checkpoint before it, or pass --no-resume",
                ex);
        }
    }
}
