using System.Globalization;
using System.Runtime.InteropServices;
using DataForge.Core.Errors;
using DataForge.Core.Shards;

namespace DataForge.Trainer.Training;

/// <summary>Decodes the rows of one feature-shard table (or row group) into <see cref="TrainingSample"/>s.</summary>
internal sealed class FeatureRows
{
    private readonly string _path;
    private readonly int _tokens;
    private readonly int _captionChannels;
    private readonly IReadOnlyList<string?> _status;
    private readonly IReadOnlyList<byte[]?> _mean;
    private readonly IReadOnlyList<byte[]?> _std;
    private readonly IReadOnlyList<string?> _shape;
    private readonly IReadOnlyList<byte[]?> _features;
    private readonly IReadOnlyList<byte[]?> _mask;
    private readonly IReadOnlyList<int?> _width;
    private readonly IReadOnlyList<int?> _height;

    public FeatureRows(ShardTable table, string path, int tokens, int captionChannels)
    {
        _path = path;
        _tokens = tokens;
        _captionChannels = captionChannels;
        _status = table.Get<string>(ShardColumns.Status);
        _mean = table.Get<byte[]>(ShardColumns.VaeMean);
        _std = table.Get<byte[]>(ShardColumns.VaeStd);
        _shape = table.Get<string>(ShardColumns.VaeShape);
        _features = table.Get<byte[]>(ShardColumns.T5Features);
        _mask = table.Get<byte[]>(ShardColumns.T5Mask);
        _width = table.Get<int?>(ShardColumns.OriginalWidth);
        _height = table.Get<int?>(ShardColumns.OriginalHeight);
    }

    /// <summary>Whether a row is a usable training sample (status success, every feature present).</summary>
    public static bool IsUsable(string? status, string? shape) => status == RowStatus.Success && shape is not null;

    /// <summary>Parses <c>vae_shape</c> ("C,h,w").</summary>
    public static (int C, int H, int W) ParseShape(string shape)
    {
        var dims = shape.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        return (dims[0], dims[1], dims[2]);
    }

    /// <summary>The sample at a row, or null for a row that is not a usable sample.</summary>
    /// <param name="row">Row within the table.</param>
    /// <param name="label">Where the row is, for messages (e.g. "row 12").</param>
    /// <exception cref="DataForgeException">The features do not have the model's caption shape.</exception>
    public TrainingSample? Sample(int row, string label)
    {
        if (!IsUsable(_status[row], _shape[row]) || _mean[row] is null || _std[row] is null || _features[row] is null || _mask[row] is null)
        {
            return null;
        }

        var captions = MemoryMarshal.Cast<byte, float>(_features[row]).ToArray();
        if (captions.Length != _tokens * _captionChannels || _mask[row]!.Length != _tokens)
        {
            throw new DataForgeException($"{_path} {label}: T5 features are {captions.Length} floats and {_mask[row]!.Length} mask bytes, the model needs {_tokens}×{_captionChannels}");
        }

        var shape = ParseShape(_shape[row]!);
        return new TrainingSample(
            MemoryMarshal.Cast<byte, float>(_mean[row]).ToArray(),
            MemoryMarshal.Cast<byte, float>(_std[row]).ToArray(),
            shape,
            captions,
            [.. _mask[row]!.Select(b => (float)b)],
            _height[row] ?? shape.H * 8,
            _width[row] ?? shape.W * 8);
    }
}
