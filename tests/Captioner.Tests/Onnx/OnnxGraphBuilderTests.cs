using DataForge.Core.Onnx;
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

    [Fact]
    public void ExternalInitializer_IsReadFromTheDataFileBesideTheModel()
    {
        using var temp = new DataForge.TestUtils.TempDirectory();
        // Weights at a page-aligned offset after 4096 bytes of other data, as the benchmark's shared weight file has.
        var data = new byte[4096 + 12];
        System.Runtime.InteropServices.MemoryMarshal.AsBytes(new float[] { 10, 20, 30 }.AsSpan()).CopyTo(data.AsSpan(4096));
        File.WriteAllBytes(temp.Combine("weights.bin"), data);
        new OnnxGraphBuilder("external")
            .Input("x", TensorProto.Types.DataType.Float, 3)
            .ExternalInitializer("w", TensorProto.Types.DataType.Float, "weights.bin", 4096, 12, 3)
            .Node("Add", ["x", "w"], ["y"])
            .Output("y", TensorProto.Types.DataType.Float, 3)
            .Save(temp.Combine("model.onnx"));

        using var session = new InferenceSession(temp.Combine("model.onnx"));
        using var input = OrtValue.CreateTensorValueFromMemory(new float[] { 1, 2, 3 }, [3]);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, ["x"], [input], ["y"]);

        Assert.Equal(new float[] { 11, 22, 33 }, outputs[0].GetTensorDataAsSpan<float>().ToArray());
    }
}
