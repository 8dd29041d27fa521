using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DataForge.Captioner.Generation;

/// <summary>
/// Creates ORT-owned CPU tensors and moves float data in and out of them in either float32 or float16, so fp16
/// graphs (<c>_fp16</c>, <c>_q4f16</c>) take and return the same host arrays as fp32 ones.
/// </summary>
internal static class TensorData
{
    public static OrtValue Allocate(TensorElementType type, long[] shape) =>
        OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, type, shape);

    public static OrtValue FromInt64(long[] values, long[] shape)
    {
        var value = Allocate(TensorElementType.Int64, shape);
        values.AsSpan().CopyTo(value.GetTensorMutableDataAsSpan<long>());
        return value;
    }

    public static OrtValue FromFloats(ReadOnlySpan<float> values, TensorElementType type, long[] shape)
    {
        var value = Allocate(type, shape);
        WriteFloats(value, type, 0, values);
        return value;
    }

    public static int ElementSize(TensorElementType type) => type switch
    {
        TensorElementType.Float => 4,
        TensorElementType.Float16 => 2,
        _ => throw new NotSupportedException($"tensors of {type} are not supported here; use a float32 or float16 model"),
    };

    public static void WriteFloats(OrtValue value, TensorElementType type, long offset, ReadOnlySpan<float> source)
    {
        var raw = value.GetTensorMutableRawData();
        if (type == TensorElementType.Float)
        {
            source.CopyTo(MemoryMarshal.Cast<byte, float>(raw).Slice((int)offset));
            return;
        }

        var half = MemoryMarshal.Cast<byte, Half>(ElementSize(type) == 2 ? raw : throw new NotSupportedException(type.ToString())).Slice((int)offset);
        for (var i = 0; i < source.Length; i++)
        {
            half[i] = (Half)source[i];
        }
    }

    public static void ReadFloats(OrtValue value, long offset, Span<float> destination)
    {
        var type = value.GetTensorTypeAndShape().ElementDataType;
        var raw = value.GetTensorMutableRawData();
        if (type == TensorElementType.Float)
        {
            MemoryMarshal.Cast<byte, float>(raw).Slice((int)offset, destination.Length).CopyTo(destination);
            return;
        }

        _ = ElementSize(type);
        var half = MemoryMarshal.Cast<byte, Half>(raw).Slice((int)offset, destination.Length);
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = (float)half[i];
        }
    }

    /// <summary>Copies <paramref name="count"/> elements between tensors, converting float32 ↔ float16 when they differ.</summary>
    public static void CopyElements(OrtValue source, long sourceOffset, OrtValue destination, long destinationOffset, int count)
    {
        var sourceType = source.GetTensorTypeAndShape().ElementDataType;
        var destinationType = destination.GetTensorTypeAndShape().ElementDataType;
        if (sourceType == destinationType)
        {
            var size = ElementSize(sourceType);
            source.GetTensorMutableRawData().Slice((int)(sourceOffset * size), count * size)
                .CopyTo(destination.GetTensorMutableRawData().Slice((int)(destinationOffset * size)));
            return;
        }

        var buffer = new float[count];
        ReadFloats(source, sourceOffset, buffer);
        WriteFloats(destination, destinationType, destinationOffset, buffer);
    }
}
