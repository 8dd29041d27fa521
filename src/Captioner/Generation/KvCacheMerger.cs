using DataForge.Captioner.Models;
using DataForge.Core.Onnx;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Onnx;

namespace DataForge.Captioner.Generation;

/// <summary>
/// The graph that refills a running batch's cache for continuous batching, run on the decoder's provider so a
/// CUDA cache never leaves the device. Per cache tensor: keep the rows still generating (<c>Gather</c>, axis 0),
/// drop the leading positions that are padding for every kept row (<c>Slice</c>, axis 2), left-pad both that and
/// the new rows' prefill cache with zeros to one length (<c>Pad</c>), and stack them (<c>Concat</c>, axis 0). The
/// zero columns are masked out, so every row attends to exactly the positions it would have alone.
/// </summary>
internal sealed class KvCacheMerger : IDisposable
{
    public const string RowsInput = "rows";
    public const string TrimInput = "trim";
    public const string OldPadsInput = "old_pads";
    public const string NewPadsInput = "new_pads";
    private const string EndInput = "end";
    private const string AxisInput = "axis";

    public KvCacheMerger(DecoderSignature signature, SessionOptions options)
    {
        var type = signature.CacheType == TensorElementType.Float16 ? TensorProto.Types.DataType.Float16 : TensorProto.Types.DataType.Float;
        var graph = new OnnxGraphBuilder("kv_cache_merger")
            .Input(RowsInput, TensorProto.Types.DataType.Int64, "kept")
            .Input(TrimInput, TensorProto.Types.DataType.Int64, 1)
            .Input(OldPadsInput, TensorProto.Types.DataType.Int64, 8)
            .Input(NewPadsInput, TensorProto.Types.DataType.Int64, 8)
            .Initializer(EndInput, [long.MaxValue], 1)
            .Initializer(AxisInput, [2L], 1);
        for (var i = 0; i < 2 * signature.LayerCount; i++)
        {
            graph.Input(OldName(i), type, "batch", signature.KvHeads, "past", signature.HeadSize)
                .Input(NewName(i), type, "added", signature.KvHeads, "prompt", signature.HeadSize)
                .Output(OutputName(i), type, "rows", signature.KvHeads, "length", signature.HeadSize)
                .Node("Gather", [OldName(i), RowsInput], [$"kept_{i}"], ("axis", 0L))
                .Node("Slice", [$"kept_{i}", TrimInput, EndInput, AxisInput], [$"trimmed_{i}"])
                .Node("Pad", [$"trimmed_{i}", OldPadsInput], [$"old_padded_{i}"])
                .Node("Pad", [NewName(i), NewPadsInput], [$"new_padded_{i}"])
                .Node("Concat", [$"old_padded_{i}", $"new_padded_{i}"], [OutputName(i)], ("axis", 0L));
        }

        Session = new InferenceSession(graph.ToBytes(), options);
    }

    public InferenceSession Session { get; }

    public static string OldName(int index) => $"old_{index}";

    public static string NewName(int index) => $"new_{index}";

    public static string OutputName(int index) => $"merged_{index}";

    public void Dispose() => Session.Dispose();
}
