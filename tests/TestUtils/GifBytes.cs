namespace DataForge.TestUtils;

/// <summary>Writes GIF89a files byte by byte, so a decompression bomb can be built in a test without an encoder.</summary>
public static class GifBytes
{
    /// <summary>
    /// A GIF whose logical screen is <paramref name="width"/>×<paramref name="height"/> with
    /// <paramref name="frames"/> 1×1 frames: a few hundred bytes that a naive decoder expands to
    /// width × height × frames pixels.
    /// </summary>
    public static byte[] ManyFramesOnCanvas(int width, int height, int frames)
    {
        var gif = new List<byte>();
        gif.AddRange("GIF89a"u8.ToArray());
        gif.AddRange([(byte)width, (byte)(width >> 8), (byte)height, (byte)(height >> 8)]);
        gif.AddRange([0x80, 0x00, 0x00]); // global colour table of 2 entries, background 0, no aspect
        gif.AddRange([0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF]);
        for (var i = 0; i < frames; i++)
        {
            gif.AddRange([0x21, 0xF9, 0x04, 0x00, 0x0A, 0x00, 0x00, 0x00]); // graphic control: 100 ms
            gif.AddRange([0x2C, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]); // 1x1 at (0,0)
            // LZW, minimum code size 2: codes clear(4), 0, end(5) at 3 bits each, packed LSB first.
            gif.AddRange([0x02, 0x02, 0x44, 0x01, 0x00]);
        }

        gif.Add(0x3B);
        return gif.ToArray();
    }
}
