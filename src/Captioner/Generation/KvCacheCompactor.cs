using DataForge.Captioner.Models;
using DataForge.Core.Onnx;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Onnx;

namespace DataForge.Captioner.Generation;

/// <summary>
/// A one-op-per-tensor graph that gathers the rows still generating out of every KV-cache tensor
/// (<c>Gather(axis=0)</c>), run on the same provider as the decoder so a CUDA cache is compacted on the device.
/// Rows that finished early then stop costing decode compute.
/// </summary>
internal sealed class KvCacheCompactor : IDisposable
{
    public const string RowsInput = "rows";

    public KvCacheCompactor(DecoderSignature signature, SessionOptions options)
    {
        var type = signature.CacheType == TensorElementType.Float16 ? TensorProto.Types.DataType.Float16 : TensorProto.Types.DataType.Float;
        var graph = new OnnxGraphBuilder("kv_cache_compactor").Input(RowsInput, TensorProto.Types.DataType.Int64, "kept");
        for (var i = 0; i < 2 * signature.LayerCount; i++)
        {
            graph.Input(InputName(i), type, "batch", signature.KvHeads, "length", signature.HeadSize)
                .Output(OutputName(i), type, "kept", signature.KvHeads, "length", signature.HeadSize)
                .Node("Gather", [InputName(i), RowsInput], [OutputName(i)], ("axis", 0L));
        }

        Session = new InferenceSession(graph.ToBytes(), options);
    }

    public InferenceSession Session { get; }

    public static string InputName(int index) => $"cache_{index}";

    public static string OutputName(int index) => $"kept_{index}";

    public void Dispose() => Session.Dispose();
}
