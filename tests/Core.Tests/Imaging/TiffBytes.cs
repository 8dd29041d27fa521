using System.Buffers.Binary;

namespace DataForge.Core.Tests.Imaging;

/// <summary>Writes small TIFF (EXIF) blocks by hand, including deliberately broken ones.</summary>
public static class TiffBytes
{
    /// <summary>
    /// A TIFF header whose IFD0 (at offset 8) holds <paramref name="entries"/>, each given as tag, type, count and
    /// the raw 4 value/offset bytes (in the block's byte order), followed by <paramref name="tail"/> at offset
    /// 8 + 2 + 12·n + 4 (after the next-IFD pointer, which is 0).
    /// </summary>
    public static byte[] Build(bool little, (ushort Tag, ushort Type, uint Count, byte[] Value)[] entries, byte[]? tail = null, uint ifdOffset = 8, int? declaredCount = null)
    {
        var bytes = new byte[8 + 2 + (12 * entries.Length) + 4 + (tail?.Length ?? 0)];
        var span = bytes.AsSpan();
        span[0] = span[1] = (byte)(little ? 'I' : 'M');
        U16(span[2..], 42, little);
        U32(span[4..], ifdOffset, little);
        U16(span[8..], (ushort)(declaredCount ?? entries.Length), little);
        for (var i = 0; i < entries.Length; i++)
        {
            var at = span[(10 + (12 * i))..];
            U16(at, entries[i].Tag, little);
            U16(at[2..], entries[i].Type, little);
            U32(at[4..], entries[i].Count, little);
            entries[i].Value.AsSpan(0, 4).CopyTo(at[8..]);
        }

        tail?.CopyTo(span[(8 + 2 + (12 * entries.Length) + 4)..]);
        return bytes;
    }

    /// <summary>Offset of <see cref="Build"/>'s tail for <paramref name="entryCount"/> entries.</summary>
    public static uint TailOffset(int entryCount) => (uint)(8 + 2 + (12 * entryCount) + 4);

    /// <summary>A 32-bit value in the given byte order.</summary>
    public static byte[] Long(uint value, bool little)
    {
        var b = new byte[4];
        U32(b, value, little);
        return b;
    }

    private static void U16(Span<byte> at, ushort value, bool little)
    {
        if (little)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(at, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt16BigEndian(at, value);
        }
    }

    private static void U32(Span<byte> at, uint value, bool little)
    {
        if (little)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(at, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32BigEndian(at, value);
        }
    }
}
