using System.Collections;
using DataForge.Core.Errors;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace DataForge.Trainer.Checkpoints;

/// <summary>
/// Reads PyTorch state dicts: <c>.safetensors</c>, or <c>.pt</c>/<c>.pth</c> pickles (TorchSharp.PyBridge, the same
/// zip format <c>torch.save</c> writes). A training checkpoint that wraps the weights (<c>{"model": …, "ema": …}</c>)
/// yields its EMA weights when present, else the model's.
/// </summary>
public static class StateDictFile
{
    /// <summary>Loads every tensor of a state dict, as float32 on the CPU.</summary>
    /// <param name="path">The file.</param>
    /// <returns>Tensors by name (caller disposes).</returns>
    /// <exception cref="DataForgeException">The file is not a state dict this reader understands.</exception>
    public static Dictionary<string, Tensor> Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new DataForgeException($"{path}: checkpoint not found");
        }

        try
        {
            var raw = path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase)
                ? Safetensors.LoadStateDict(path)
                : Unwrap(PyTorchUnpickler.UnpickleStateDict(path));
            return raw.ToDictionary(p => p.Key, p => p.Value.dtype == ScalarType.Float32 ? p.Value : p.Value.to_type(ScalarType.Float32));
        }
        catch (Exception ex) when (ex is InvalidDataException or NotSupportedException or IOException or InvalidCastException or ArgumentException)
        {
            throw new DataForgeException($"{path}: not a readable PyTorch state dict: {ex.Message}", ex);
        }
    }

    private static Dictionary<string, Tensor> Unwrap(Hashtable table)
    {
        foreach (var wrapper in new[] { "ema", "model", "state_dict" })
        {
            if (table[wrapper] is Hashtable inner)
            {
                return Unwrap(inner);
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
