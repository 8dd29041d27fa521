using System.Buffers.Binary;
using System.IO.Compression;

namespace DataForge.TestUtils;

/// <summary>Writes PNG files byte by byte (PNG 1.2 §11), so tests do not depend on the encoder under test.</summary>
public static class PngBytes
{
    /// <summary>A PNG of one repeated pixel.</summary>
    /// <param name="colorType">0 grey, 2 RGB, 3 palette, 4 grey+alpha, 6 RGBA.</param>
    /// <param name="pixel">One pixel's samples (8-bit), e.g. [r, g, b, a] or [paletteIndex].</param>
    /// <param name="palette">PLTE entries as r, g, b triples (colour type 3).</param>
    /// <param name="transparency">tRNS bytes, or <see langword="null"/>.</param>
    /// <param name="exif">An eXIf chunk's TIFF block, or <see langword="null"/>.</param>
    public static byte[] Solid(int width, int height, byte colorType, byte[] pixel, byte[]? palette = null, byte[]? transparency = null, byte[]? exif = null)
    {
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8;
        ihdr[9] = colorType;
        Chunk(png, "IHDR", ihdr);
        if (palette is not null)
        {
            Chunk(png, "PLTE", palette);
        }

        if (transparency is not null)
        {
            Chunk(png, "tRNS", transparency);
        }

        if (exif is not null)
        {
            Chunk(png, "eXIf", exif);
        }

        using var raw = new MemoryStream();
        using (var z = new ZLibStream(raw, CompressionLevel.Fastest, leaveOpen: true))
        {
            var row = new byte[1 + (width * pixel.Length)]; // filter byte 0 (none), then the pixels
            for (var x = 0; x < width; x++)
            {
                pixel.CopyTo(row, 1 + (x * pixel.Length));
            }

            for (var y = 0; y < height; y++)
            {
                z.Write(row);
            }
        }

        Chunk(png, "IDAT", raw.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>A PNG whose header claims <paramref name="width"/>×<paramref name="height"/> RGB pixels, with one empty IDAT.</summary>
    public static byte[] Claiming(int width, int height)
    {
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8;
        ihdr[9] = 2;
        Chunk(png, "IHDR", ihdr);
        Chunk(png, "IDAT", [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream stream, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        stream.Write(length);
        var typed = System.Text.Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        stream.Write(typed);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));
        stream.Write(crc);
    }

    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
