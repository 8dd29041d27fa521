using System.Buffers.Binary;
using DataForge.TestUtils;

namespace DataForge.Ingest.Tests.Infrastructure;

/// <summary>The real photos in <c>../shared/data/photos</c>, named once, plus small synthetic files built from bytes.</summary>
public static class TestPhotos
{
    public static string Photos => SharedData.Path("photos");

    public static string Small => SharedData.Path("photos", "small");

    public static string Exif => SharedData.Path("photos", "exif");

    public static string NearDup => SharedData.Path("photos", "near_dup");

    public static string Sam => SharedData.Path("photos", "sam");

    public static string Laion => SharedData.Path("laion");

    /// <summary>The <c>W_H.jpg</c> photos with their sizes parsed from the names.</summary>
    public static IEnumerable<(string Path, int Width, int Height)> SmallJpegs() =>
        Directory.EnumerateFiles(Small, "*.jpg").Order(StringComparer.Ordinal).Select(p =>
        {
            var parts = System.IO.Path.GetFileNameWithoutExtension(p).Split('_');
            return (p, int.Parse(parts[0]), int.Parse(parts[1]));
        });

    /// <summary>A valid PNG whose header claims <paramref name="width"/>×<paramref name="height"/> pixels (the data would not match).</summary>
    public static byte[] PngClaiming(int width, int height)
    {
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 2; // RGB
        WriteChunk(png, "IHDR", ihdr);
        WriteChunk(png, "IDAT", [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void WriteChunk(Stream stream, string type, byte[] data)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        stream.Write(length);
        var typed = System.Text.Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        stream.Write(typed);
        var crc = new byte[4];
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
