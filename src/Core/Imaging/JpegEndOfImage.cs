using System.Buffers.Binary;

namespace DataForge.Core.Imaging;

/// <summary>
/// Whether a JPEG's scan data is followed by its end-of-image marker. libjpeg pads a cut-off file with a fake EOI
/// and, for progressive JPEGs (whose first scans cover the whole picture), Skia then reports success for a blurry
/// or half-refined image; a truncated download must be a failure instead. Inside entropy-coded data every 0xFF is
/// followed by 0x00 or a restart marker, so an FF D9 after the first SOS is the real EOI.
/// </summary>
internal static class JpegEndOfImage
{
    private const int MaxSegments = 4096;

    /// <summary>Returns <see langword="false"/> only when the file has scan data and no EOI after it.</summary>
    public static bool IsPresent(ReadOnlySpan<byte> data)
    {
        var scan = FirstScan(data);
        return scan < 0 || data[scan..].LastIndexOf((ReadOnlySpan<byte>)[0xFF, 0xD9]) >= 0;
    }

    /// <summary>The offset of the first SOS marker, or -1 when the header walk does not reach one.</summary>
    private static int FirstScan(ReadOnlySpan<byte> data)
    {
        var pos = 2;
        for (var segment = 0; segment < MaxSegments && pos + 4 <= data.Length; segment++)
        {
            if (data[pos] != 0xFF)
            {
                return -1;
            }

            var marker = data[pos + 1];
            if (marker == 0xFF)
            {
                pos++;
                continue;
            }

            if (marker == 0xDA)
            {
                return pos;
            }

            if (marker is (>= 0xD0 and <= 0xD7) or 0x01)
            {
                pos += 2;
                continue;
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(data.Slice(pos + 2, 2));
            if (length < 2)
            {
                return -1;
            }

            pos += 2 + length;
        }

        return -1;
    }
}
