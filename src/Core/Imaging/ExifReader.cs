using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace DataForge.Core.Imaging;

/// <summary>
/// A small bounded TIFF/EXIF reader over an EXIF block (see <see cref="ExifBlockLocator"/>): IFD0, the EXIF
/// sub-IFD and the GPS sub-IFD; the thumbnail IFD and interoperability IFD are not read. All offsets come from
/// untrusted bytes, so every read is range-checked, IFDs are visited at most once (offset loops end), and the
/// entry count is capped. A malformed block yields the tags read before the damage, never an exception.
/// </summary>
public static class ExifReader
{
    /// <summary>The EXIF orientation tag.</summary>
    public const ushort OrientationTag = 0x0112;

    private const ushort ExifIfdPointer = 0x8769;
    private const ushort GpsIfdPointer = 0x8825;
    private const ushort MakerNote = 0x927C;
    private const int MaxEntriesPerIfd = 1024;
    private const int MaxEntries = 2048;
    private const int MaxIfds = 4;
    private const int MaxArrayLength = 32;

    /// <summary>Reads the tags of a TIFF block.</summary>
    /// <param name="tiff">The block, starting at the <c>II</c>/<c>MM</c> byte-order mark.</param>
    /// <returns>The tags in file order; empty when the block is not TIFF.</returns>
    public static IReadOnlyList<ExifEntry> Read(ReadOnlySpan<byte> tiff)
    {
        var entries = new List<ExifEntry>();
        if (tiff.Length < 8)
        {
            return entries;
        }

        bool little;
        if (tiff[0] == 'I' && tiff[1] == 'I')
        {
            little = true;
        }
        else if (tiff[0] == 'M' && tiff[1] == 'M')
        {
            little = false;
        }
        else
        {
            return entries;
        }

        var reader = new TiffSpan(tiff, little);
        if (reader.U16(2) != 42)
        {
            return entries;
        }

        var pending = new Queue<(long Offset, IfdKind Kind)>();
        var visited = new HashSet<long>();
        pending.Enqueue((reader.U32(4), IfdKind.Main));
        while (pending.Count > 0 && visited.Count < MaxIfds && entries.Count < MaxEntries)
        {
            var (offset, kind) = pending.Dequeue();
            if (!visited.Add(offset))
            {
                continue;
            }

            ReadIfd(reader, offset, kind, entries, pending);
        }

        return entries;
    }

    /// <summary>Gets the orientation tag's value from read tags, or <see langword="null"/> when absent or not a number.</summary>
    /// <param name="entries">Tags from <see cref="Read"/>.</param>
    /// <returns>The stored value, which may be outside 1..8.</returns>
    public static int? Orientation(IReadOnlyList<ExifEntry> entries)
    {
        foreach (var entry in entries)
        {
            if (entry.Tag == OrientationTag && entry.Name == "Orientation")
            {
                var first = entry.Value.Split(',')[0].Trim();
                return int.TryParse(first, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
            }
        }

        return null;
    }

    private static void ReadIfd(TiffSpan reader, long offset, IfdKind kind, List<ExifEntry> entries, Queue<(long, IfdKind)> pending)
    {
        if (offset < 8 || offset + 2 > reader.Length)
        {
            return;
        }

        int count = reader.U16(offset);
        count = (int)Math.Min(count, Math.Min(MaxEntriesPerIfd, (reader.Length - offset - 2) / 12));
        for (var i = 0; i < count && entries.Count < MaxEntries; i++)
        {
            var at = offset + 2 + (12L * i);
            var tag = reader.U16(at);
            var type = reader.U16(at + 2);
            var n = reader.U32(at + 4);
            var size = TypeSize(type);
            if (size == 0 || n == 0)
            {
                continue;
            }

            var total = n * size;
            var valueAt = total <= 4 ? at + 8 : reader.U32(at + 8);
            if (valueAt < 0 || valueAt + total > reader.Length)
            {
                continue; // offset or length points outside the block
            }

            if (kind == IfdKind.Main && tag is ExifIfdPointer or GpsIfdPointer)
            {
                pending.Enqueue((reader.U32(valueAt), tag == ExifIfdPointer ? IfdKind.Exif : IfdKind.Gps));
                continue;
            }

            if (tag == MakerNote || (type == 7 && n > 1) || (type != 2 && n > MaxArrayLength))
            {
                continue; // binary blobs and long arrays mean nothing as text
            }

            var value = Format(reader, type, (int)n, valueAt);
            if (value is not null)
            {
                entries.Add(new ExifEntry(tag, ExifTagNames.Name(tag, kind == IfdKind.Gps), value));
            }
        }
    }

    private static string? Format(TiffSpan reader, ushort type, int count, long at)
    {
        if (type == 2)
        {
            var bytes = reader.Bytes(at, count);
            var end = bytes.IndexOf((byte)0);
            var text = Encoding.UTF8.GetString(end < 0 ? bytes : bytes[..end]).TrimEnd();
            return text;
        }

        var parts = new string[count];
        for (var i = 0; i < count; i++)
        {
            parts[i] = type switch
            {
                1 or 7 => reader.U8(at + i).ToString(CultureInfo.InvariantCulture),
                6 => ((sbyte)reader.U8(at + i)).ToString(CultureInfo.InvariantCulture),
                3 => reader.U16(at + (2L * i)).ToString(CultureInfo.InvariantCulture),
                8 => ((short)reader.U16(at + (2L * i))).ToString(CultureInfo.InvariantCulture),
                4 or 13 => reader.U32(at + (4L * i)).ToString(CultureInfo.InvariantCulture),
                9 => ((int)reader.U32(at + (4L * i))).ToString(CultureInfo.InvariantCulture),
                5 => Rational(reader.U32(at + (8L * i)), reader.U32(at + (8L * i) + 4)),
                10 => Rational((int)reader.U32(at + (8L * i)), (int)reader.U32(at + (8L * i) + 4)),
                11 => BitConverter.Int32BitsToSingle((int)reader.U32(at + (4L * i))).ToString(CultureInfo.InvariantCulture),
                12 => BitConverter.Int64BitsToDouble(reader.I64(at + (8L * i))).ToString(CultureInfo.InvariantCulture),
                _ => "",
            };
        }

        return string.Join(", ", parts);
    }

    private static string Rational(long numerator, long denominator) =>
        denominator == 1 ? numerator.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{numerator}/{denominator}");

    private static long TypeSize(ushort type) => type switch
    {
        1 or 2 or 6 or 7 => 1,
        3 or 8 => 2,
        4 or 9 or 11 or 13 => 4,
        5 or 10 or 12 => 8,
        _ => 0,
    };

    private enum IfdKind
    {
        Main,
        Exif,
        Gps,
    }

    /// <summary>Range-checked big- or little-endian reads; callers check ranges first, these return 0 past the end.</summary>
    private readonly ref struct TiffSpan(ReadOnlySpan<byte> data, bool little)
    {
        private readonly ReadOnlySpan<byte> _data = data;

        public long Length => _data.Length;

        public byte U8(long at) => at >= 0 && at < _data.Length ? _data[(int)at] : (byte)0;

        public ushort U16(long at) => !Fits(at, 2) ? (ushort)0
            : little ? BinaryPrimitives.ReadUInt16LittleEndian(_data.Slice((int)at, 2)) : BinaryPrimitives.ReadUInt16BigEndian(_data.Slice((int)at, 2));

        public long U32(long at) => !Fits(at, 4) ? 0
            : little ? BinaryPrimitives.ReadUInt32LittleEndian(_data.Slice((int)at, 4)) : BinaryPrimitives.ReadUInt32BigEndian(_data.Slice((int)at, 4));

        public long I64(long at) => !Fits(at, 8) ? 0
            : little ? BinaryPrimitives.ReadInt64LittleEndian(_data.Slice((int)at, 8)) : BinaryPrimitives.ReadInt64BigEndian(_data.Slice((int)at, 8));

        public ReadOnlySpan<byte> Bytes(long at, int count) => Fits(at, count) ? _data.Slice((int)at, count) : [];

        private bool Fits(long at, long count) => at >= 0 && count >= 0 && at + count <= _data.Length;
    }
}
