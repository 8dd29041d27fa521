using DataForge.Trainer.Model;
using static TorchSharp.torch;

namespace DataForge.Trainer.Checkpoints;

/// <summary>A checkpoint read into memory under the official PixArt-α tensor names; owns its tensors.</summary>
public sealed class ImportedWeights : IDisposable
{
    /// <summary>Creates the holder.</summary>
    /// <param name="source">The path read.</param>
    /// <param name="format">What it was read as.</param>
    /// <param name="tensors">Tensors by official name (ownership passes here).</param>
    /// <param name="config">The configuration the source records, when it records one (DataForge, diffusers).</param>
    /// <param name="unmapped">Source keys no rename rule maps (diffusers); reported as unused.</param>
    public ImportedWeights(string source, string format, Dictionary<string, Tensor> tensors, PixArtConfig? config, IReadOnlyList<string>? unmapped = null)
    {
        Source = source;
        Format = format;
        Tensors = tensors;
        Config = config;
        Unmapped = unmapped ?? [];
    }

    /// <summary>Gets the path read.</summary>
    public string Source { get; }

    /// <summary>Gets what the source was read as (e.g. <c>PixArt .pth</c>).</summary>
    public string Format { get; }

    /// <summary>Gets the tensors by official name.</summary>
    public Dictionary<string, Tensor> Tensors { get; }

    /// <summary>Gets the configuration the source records, or null (.pth and safetensors files record none).</summary>
    public PixArtConfig? Config { get; }

    /// <summary>Gets source keys that no rule maps to an official name.</summary>
    public IReadOnlyList<string> Unmapped { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var tensor in Tensors.Values)
        {
            tensor.Dispose();
        }

        Tensors.Clear();
    }
}
