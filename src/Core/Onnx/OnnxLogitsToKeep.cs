using Onnx;

namespace DataForge.Core.Onnx;

/// <summary>
/// The <c>num_logits_to_keep</c> input of a decoder graph, as transformers and Optimum export it: an int64 scalar
/// <c>k</c> that keeps the last <c>k</c> positions before the LM head (<c>hidden[:, -k:, :]</c>, so 0 keeps all).
/// Prefill then pays the vocabulary-wide matmul for one position instead of the whole prompt.
/// </summary>
public static class OnnxLogitsToKeep
{
    /// <summary>The input's name.</summary>
    public const string InputName = "num_logits_to_keep";

    /// <summary>
    /// Declares the input and slices <paramref name="tensors"/> along dim 1 to their last <c>k</c> positions.
    /// </summary>
    /// <param name="g">The graph.</param>
    /// <param name="defaulted">
    /// When set, the input also gets an initializer of 0 (keep all), which makes it optional: a runtime that does
    /// not know the input (onnxruntime-genai) runs the graph unchanged and gets every position's logits.
    /// </param>
    /// <param name="vector">
    /// Declares the input as a one-element vector [1] instead of a scalar: onnxruntime-genai feeds a [1] tensor to a
    /// required <c>num_logits_to_keep</c>.
    /// </param>
    /// <param name="tensors">Pairs of (tensor with positions on dim 1, name of its sliced copy).</param>
    public static void Add(OnnxGraphBuilder g, bool defaulted, bool vector, params (string Input, string Output)[] tensors)
    {
        ArgumentNullException.ThrowIfNull(g);
        ArgumentNullException.ThrowIfNull(tensors);
        long[] dims = vector ? [1] : [];
        g.Input(InputName, TensorProto.Types.DataType.Int64, [.. dims.Cast<object>()]);
        if (defaulted)
        {
            g.Initializer(InputName, [0L], dims);
        }

        g.Initializer("keep_one_dim", [1L], 1).Initializer("keep_axis_seq", [1L], 1).Initializer("keep_end", [long.MaxValue], 1)
            .Node("Reshape", [InputName, "keep_one_dim"], ["keep_count"])
            .Node("Neg", ["keep_count"], ["keep_start"]);
        foreach (var (input, output) in tensors)
        {
            g.Node("Slice", [input, "keep_start", "keep_end", "keep_axis_seq"], [output]);
        }
    }
}
