using System.Buffers.Binary;

namespace DataForge.Core.Imaging;

/// <summary>
/// Finds the EXIF (TIFF) block inside an encoded JPEG (APP1 <c>Exif\0\0</c>), PNG (<c>eXIf</c> chunk) or WebP
/// (RIFF <c>EXIF</c> chunk). Every length comes from untrusted bytes, so each is checked against what is really
/// there and the walks are capped; a malformed container simply has no EXIF.
/// </summary>
internal static class ExifBlockLocator
{
    private const int MaxSegments = 4096;
    private static ReadOnlySpan<byte> ExifPrefix => "Exif\0\0"u8;
    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Returns the TIFF block (starting at its <c>II</c>/<c>MM</c> byte-order mark) or an empty span.</summary>
    public static ReadOnlySpan<byte> Find(ReadOnlySpan<byte> data)
    {
        if (data.Length >= 4 && data[0] == 0xFF && data[1] == 0xD8)
        {
            return FromJpeg(data);
        }

        if (data.StartsWith(PngSignature))
        {
            return FromPng(data);
        }

        if (data.Length >= 12 && data.StartsWith("RIFF"u8) && data.Slice(8, 4).SequenceEqual("WEBP"u8))
        {
            return FromWebp(data);
        }

        return [];
    }

    private static ReadOnlySpan<byte> FromJpeg(ReadOnlySpan<byte> data)
    {
        var pos = 2;
        for (var segment = 0; segment < MaxSegments && pos + 4 <= data.Length; segment++)
        {
            if (data[pos] != 0xFF)
            {
                return [];
            }

            var marker = data[pos + 1];
            if (marker == 0xFF)
            {
                pos++; // fill byte
                continue;
            }

            if (marker is 0xD9 or 0xDA)
            {
                return []; // end of image or start of scan: APPn segments all come before
            }

            if (marker is (>= 0xD0 and <= 0xD7) or 0x01)
            {
                pos += 2; // markers without a length
                continue;
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(data.Slice(pos + 2, 2));
            if (length < 2 || pos + 2 + length > data.Length)
            {
                return [];
            }

            var payload = data.Slice(pos + 4, length - 2);
            if (marker == 0xE1 && payload.StartsWith(ExifPrefix))
            {
                return payload[ExifPrefix.Length..];
            }

            pos += 2 + length;
        }

        return [];
    }

    private static ReadOnlySpan<byte> FromPng(ReadOnlySpan<byte> data)
    {
        var pos = PngSignature.Length;
        for (var chunk = 0; chunk < MaxSegments * 16 && pos + 12 <= data.Length; chunk++)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(data.Slice(pos, 4));
            var type = data.Slice(pos + 4, 4);
            if (length > (uint)(data.Length - pos - 12))
            {
                return [];
            }

            if (type.SequenceEqual("eXIf"u8))
            {
                return data.Slice(pos + 8, (int)length);
            }

            if (type.SequenceEqual("IEND"u8))
            {
                return [];
            }

            pos += 12 + (int)length;
        }

        return [];
    }

    private static ReadOnlySpan<byte> FromWebp(ReadOnlySpan<byte> data)
    {
        var pos = 12;
        for (var chunk = 0; chunk < MaxSegments && pos + 8 <= data.Length; chunk++)
        {
            var type = data.Slice(pos, 4);
            var length = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(pos + 4, 4));
            if (length > (uint)(data.Length - pos - 8))
            {
                return [];
            }

            if (type.SequenceEqual("EXIF"u8))
            {
                var payload = data.Slice(pos + 8, (int)length);
                // Some writers keep JPEG's "Exif\0\0" prefix inside the chunk, most do not.
                return payload.StartsWith(ExifPrefix) ? payload[ExifPrefix.Length..] : payload;
            }

            pos += 8 + (int)length + (int)(length & 1);
        }

        return [];
    }
}
