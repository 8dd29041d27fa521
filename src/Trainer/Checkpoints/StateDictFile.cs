using System.Collections;
using DataForge.Core.Errors;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace DataForge.Trainer.Checkpoints;

/// <summary>
/// Reads and writes PyTorch state dicts. The format is told by content, not by extension: a zip archive is a
/// <c>torch.save</c> pickle (TorchSharp.PyBridge), an 8-byte length followed by a JSON header is safetensors, and a
/// pickle stream that starts with PyTorch's legacy magic number is the pre-1.6 <c>torch.save</c> format, which is
/// refused with the way to re-save it. A training checkpoint that wraps the weights (<c>{"state_dict": …,
/// "state_dict_ema": …}</c> as the official PixArt code saves, or <c>{"model": …, "ema": …}</c> as DiT does)
/// yields its EMA weights or its raw weights, as asked.
/// </summary>
public static class StateDictFile
{
    /// <summary>Loads every tensor of a state dict, as float32 on the CPU.</summary>
    /// <param name="path">The file.</param>
    /// <param name="preferEma">Take the EMA weights of a wrapped training checkpoint when it has them.</param>
    /// <returns>Tensors by name (caller disposes).</returns>
    /// <exception cref="DataForgeException">The file is not a state dict this reader understands.</exception>
    public static Dictionary<string, Tensor> Load(string path, bool preferEma = true)
    {
        if (!File.Exists(path))
        {
            throw new DataForgeException($"{path}: checkpoint not found");
        }

        var format = Sniff(path);
        try
        {
            var raw = format switch
            {
                StateDictFormat.Safetensors => Safetensors.LoadStateDict(path),
                StateDictFormat.TorchZip => UnpickleZip(path, preferEma),
                StateDictFormat.TorchLegacy => throw new DataForgeException(
                    $"{path}: saved in PyTorch's legacy (pre-1.6) torch.save format, which cannot be read here; re-save it with "
                    + "torch.save(torch.load(path), new_path) on PyTorch >= 1.6"),
                _ => throw new DataForgeException($"{path}: neither a torch.save zip archive nor a safetensors file"),
            };
            return raw.ToDictionary(p => p.Key, p => p.Value.dtype == ScalarType.Float32 ? p.Value : p.Value.to_type(ScalarType.Float32));
        }
        catch (Exception ex) when (ex is InvalidDataException or NotSupportedException or NotImplementedException or IOException or InvalidCastException or ArgumentException)
        {
            throw new DataForgeException($"{path}: not a readable PyTorch state dict: {ex.Message}", ex);
        }
    }

    /// <summary>Tells a state-dict file's format from its first bytes.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The format, or <see cref="StateDictFormat.Unknown"/>.</returns>
    public static StateDictFormat Sniff(string path)
    {
        Span<byte> head = stackalloc byte[16];
        int read;
        long length;
        using (var stream = File.OpenRead(path))
        {
            length = stream.Length;
            read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }

        if (read >= 4 && head[0] == 0x50 && head[1] == 0x4b && head[2] == 0x03 && head[3] == 0x04)
        {
            return StateDictFormat.TorchZip;
        }

        // Legacy torch.save: pickle protocol 2 (0x80 0x02) then the LONG1 magic 0x1950a86a20f9469cfc6c.
        if (read >= 13 && head[0] == 0x80 && head[1] == 0x02 && head[2] == 0x8a && head[3] == 0x0a
            && head[4] == 0x6c && head[5] == 0xfc && head[6] == 0x9c && head[7] == 0x46 && head[8] == 0xf9)
        {
            return StateDictFormat.TorchLegacy;
        }

        if (read >= 9)
        {
            var header = BitConverter.ToUInt64(head[..8]);
            if (header > 1 && header <= (ulong)(length - 8) && head[8] == (byte)'{')
            {
                return StateDictFormat.Safetensors;
            }
        }

        return StateDictFormat.Unknown;
    }

    /// <summary>Writes tensors as a <c>torch.save</c>-compatible zip pickle, atomically.</summary>
    /// <param name="path">Destination.</param>
    /// <param name="tensors">Tensors by name.</param>
    /// <param name="wrapper">When set, the state dict is stored under this key (<c>{"state_dict": …}</c>).</param>
    public static void SavePickle(string path, IReadOnlyDictionary<string, Tensor> tensors, string? wrapper = null)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var table = new Hashtable();
        foreach (var (name, tensor) in tensors)
        {
            table[name] = tensor;
        }

        WriteAtomically(path, temporary =>
        {
            using var stream = File.Create(temporary);
            PyTorchPickler.PickleStateDict(stream, wrapper is null ? table : new Hashtable { [wrapper] = table });
        });
    }

    /// <summary>Writes tensors as safetensors, atomically.</summary>
    /// <param name="path">Destination.</param>
    /// <param name="tensors">Tensors by name.</param>
    public static void SaveSafetensors(string path, IReadOnlyDictionary<string, Tensor> tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var copy = tensors.ToDictionary(p => p.Key, p => p.Value);
        WriteAtomically(path, temporary => Safetensors.SaveStateDict(temporary, copy));
    }

    private static void WriteAtomically(string path, Action<string> write)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = Core.Shards.AtomicFile.TemporaryPathFor(path);
        try
        {
            write(temporary);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static Dictionary<string, Tensor> UnpickleZip(string path, bool preferEma)
    {
        using var stream = File.OpenRead(path);
        return Unwrap(PyTorchUnpickler.UnpickleStateDict(stream, leaveOpen: true), preferEma);
    }

    private static Dictionary<string, Tensor> Unwrap(Hashtable table, bool preferEma)
    {
        string[] wrappers = preferEma
            ? ["state_dict_ema", "ema", "model", "state_dict"]
            : ["state_dict", "model", "state_dict_ema", "ema"];
        foreach (var wrapper in wrappers)
        {
            if (table[wrapper] is Hashtable inner)
            {
                return Unwrap(inner, preferEma);
            }
        }

        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in table)
        {
            if (entry.Value is Tensor tensor)
            {
                result[(string)entry.Key] = tensor;
            }
        }

        return result;
    }
}
