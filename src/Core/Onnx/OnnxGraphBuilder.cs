using Google.Protobuf;
using Onnx;

namespace DataForge.Core.Onnx;

/// <summary>
/// Builds small ONNX models in code: the tiny captioning models the demo and tests run, and the probe model
/// <c>dataforge doctor</c> uses to test execution providers. A thin layer over OnnxSharp's protobuf types that
/// fills in the boilerplate (opset, value infos, initializers).
/// </summary>
public sealed class OnnxGraphBuilder
{
    private readonly GraphProto _graph;
    private readonly int _opset;
    private int _nodeCounter;

    /// <summary>Creates an empty graph.</summary>
    /// <param name="name">Graph name.</param>
    /// <param name="opset">Default-domain opset version.</param>
    public OnnxGraphBuilder(string name, int opset = 17)
    {
        _graph = new GraphProto { Name = name };
        _opset = opset;
    }

    /// <summary>Declares a graph input.</summary>
    /// <param name="name">Tensor name.</param>
    /// <param name="type">Element type.</param>
    /// <param name="dims">Dimensions; a string is a symbolic (dynamic) dimension, an integer a fixed one.</param>
    /// <returns>This builder.</returns>
    public OnnxGraphBuilder Input(string name, TensorProto.Types.DataType type, params object[] dims)
    {
        _graph.Input.Add(ValueInfo(name, type, dims));
        return this;
    }

    /// <summary>Declares a graph output.</summary>
    /// <param name="name">Tensor name.</param>
    /// <param name="type">Element type.</param>
    /// <param name="dims">Dimensions as for <see cref="Input"/>.</param>
    /// <returns>This builder.</returns>
    public OnnxGraphBuilder Output(string name, TensorProto.Types.DataType type, params object[] dims)
    {
        _graph.Output.Add(ValueInfo(name, type, dims));
        return this;
    }

    /// <summary>Adds a float initializer (a weight).</summary>
    /// <param name="name">Tensor name.</param>
    /// <param name="values">Row-major values.</param>
    /// <param name="dims">Shape.</param>
    /// <returns>This builder.</returns>
    public OnnxGraphBuilder Initializer(string name, float[] values, params long[] dims)
    {
        ArgumentNullException.ThrowIfNull(values);
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(dims);
        tensor.RawData = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
        _graph.Initializer.Add(tensor);
        return this;
    }

    /// <summary>Adds an int64 initializer (shapes, axes, indices).</summary>
    /// <param name="name">Tensor name.</param>
    /// <param name="values">Row-major values.</param>
    /// <param name="dims">Shape.</param>
    /// <returns>This builder.</returns>
    public OnnxGraphBuilder Initializer(string name, long[] values, params long[] dims)
    {
        ArgumentNullException.ThrowIfNull(values);
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.AddRange(dims);
        tensor.Int64Data.AddRange(values);
        _graph.Initializer.Add(tensor);
        return this;
    }

    /// <summary>
    /// Adds an initializer whose bytes live in an external-data file beside the model (the ONNX external-data
    /// format ORT and onnxruntime-genai read), for models over protobuf's 2 GB limit or graphs sharing weights.
    /// </summary>
    /// <param name="name">Tensor name.</param>
    /// <param name="type">Element type.</param>
    /// <param name="location">Data file name, relative to the model file.</param>
    /// <param name="offset">Byte offset in the data file (page-aligned offsets let ORT map the file).</param>
    /// <param name="length">Byte length.</param>
    /// <param name="dims">Shape.</param>
    /// <returns>This builder.</returns>
    public OnnxGraphBuilder ExternalInitializer(string name, TensorProto.Types.DataType type, string location, long offset, long length, params long[] dims)
    {
        ArgumentException.ThrowIfNullOrEmpty(location);
        var tensor = new TensorProto { Name = name, DataType = (int)type, DataLocation = TensorProto.Types.DataLocation.External };
        tensor.Dims.AddRange(dims);
        tensor.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = location });
        tensor.ExternalData.Add(new StringStringEntryProto { Key = "offset", Value = offset.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        tensor.ExternalData.Add(new StringStringEntryProto { Key = "length", Value = length.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        _graph.Initializer.Add(tensor);
        return this;
    }

    /// <summary>Adds a node.</summary>
    /// <param name="opType">Operator, e.g. <c>MatMul</c>.</param>
    /// <param name="inputs">Input tensor names (empty string for an omitted optional input).</param>
    /// <param name="outputs">Output tensor names.</param>
    /// <param name="attributes">Attributes: values may be <c>long</c>, <c>float</c>, <c>string</c>, <c>long[]</c> or <c>float[]</c>.</param>
    /// <returns>This builder.</returns>
    public OnnxGraphBuilder Node(string opType, string[] inputs, string[] outputs, params (string Name, object Value)[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = $"{opType}_{_nodeCounter++}" };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        foreach (var (attrName, value) in attributes)
        {
            node.Attribute.Add(Attribute(attrName, value));
        }

        _graph.Node.Add(node);
        return this;
    }

    /// <summary>Serializes the model.</summary>
    /// <returns>The ONNX protobuf bytes.</returns>
    public byte[] ToBytes()
    {
        var model = new ModelProto { IrVersion = 8, ProducerName = "DataForge", ProducerVersion = "0.1", Graph = _graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = _opset });
        return model.ToByteArray();
    }

    /// <summary>Writes the model to a file.</summary>
    /// <param name="path">Destination.</param>
    public void Save(string path) => File.WriteAllBytes(path, ToBytes());

    private static ValueInfoProto ValueInfo(string name, TensorProto.Types.DataType type, object[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var dim in dims)
        {
            shape.Dim.Add(dim switch
            {
                string symbol => new TensorShapeProto.Types.Dimension { DimParam = symbol },
                int size => new TensorShapeProto.Types.Dimension { DimValue = size },
                long size => new TensorShapeProto.Types.Dimension { DimValue = size },
                _ => throw new ArgumentException($"dimension {dim} of '{name}' must be a string or an integer", nameof(dims)),
            });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }

    private static AttributeProto Attribute(string name, object value)
    {
        var attribute = new AttributeProto { Name = name };
        switch (value)
        {
            case long l:
                attribute.Type = AttributeProto.Types.AttributeType.Int;
                attribute.I = l;
                break;
            case int i:
                attribute.Type = AttributeProto.Types.AttributeType.Int;
                attribute.I = i;
                break;
            case float f:
                attribute.Type = AttributeProto.Types.AttributeType.Float;
                attribute.F = f;
                break;
            case string s:
                attribute.Type = AttributeProto.Types.AttributeType.String;
                attribute.S = ByteString.CopyFromUtf8(s);
                break;
            case long[] ls:
                attribute.Type = AttributeProto.Types.AttributeType.Ints;
                attribute.Ints.AddRange(ls);
                break;
            case float[] fs:
                attribute.Type = AttributeProto.Types.AttributeType.Floats;
                attribute.Floats.AddRange(fs);
                break;
            default:
                throw new ArgumentException($"attribute '{name}' has unsupported type {value?.GetType().Name}", nameof(value));
        }

        return attribute;
    }
}
