using DataForge.Captioner.Onnx;
using Microsoft.ML.OnnxRuntime;
using Onnx;

namespace DataForge.Captioner.Tests.Onnx;

public sealed class OnnxGraphBuilderTests
{
    [Fact]
    public void DenseReluModel_RunsOnCpuProvider_WithHandComputedOutput()
    {
        // y = relu(x · W + b), W is 3x2, batch dimension symbolic.
        float[] w = [1, -1, 2, 0.5f, -3, 1];
        float[] b = [0.5f, -4];
        var model = new OnnxGraphBuilder("dense")
            .Input("x", TensorProto.Types.DataType.Float, "batch", 3)
            .Initializer("W", w, 3, 2)
            .Initializer("b", b, 2)
            .Node("MatMul", ["x", "W"], ["xw"])
            .Node("Add", ["xw", "b"], ["pre"])
            .Node("Relu", ["pre"], ["y"])
            .Output("y", TensorProto.Types.DataType.Float, "batch", 2)
            .ToBytes();

        using var session = new InferenceSession(model);
        float[] x = [1, 2, 3, 2, 1, -1];
        using var input = OrtValue.CreateTensorValueFromMemory(x, [2, 3]);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, ["x"], [input], ["y"]);

        // Row 1: [1,2,3]·W = [1+4-9, -1+1+3] = [-4, 3]; + b = [-3.5, -1] → relu [0, 0].
        // Row 2: [2,1,-1]·W = [2+2+3, -2+0.5-1] = [7, -2.5]; + b = [7.5, -6.5] → relu [7.5, 0].
        Assert.Equal(new float[] { 0, 0, 7.5f, 0 }, outputs[0].GetTensorDataAsSpan<float>().ToArray());
        Assert.Equal(new long[] { 2, 2 }, outputs[0].GetTensorTypeAndShape().Shape);
    }

    [Fact]
    public void Session_ReportsDeclaredInputAndOutputMetadata()
    {
        var model = new OnnxGraphBuilder("meta")
            .Input("input_ids", TensorProto.Types.DataType.Int64, "batch", "seq")
            .Node("Identity", ["input_ids"], ["out"])
            .Output("out", TensorProto.Types.DataType.Int64, "batch", "seq")
            .ToBytes();
        using var session = new InferenceSession(model);
        var meta = session.InputMetadata["input_ids"];
        Assert.Equal(typeof(long), meta.ElementType);
        Assert.Equal(["batch", "seq"], meta.SymbolicDimensions);
    }
}
