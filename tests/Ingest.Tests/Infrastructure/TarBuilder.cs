using System.Formats.Tar;
using System.Text;

namespace DataForge.Ingest.Tests.Infrastructure;

/// <summary>Writes test tars member by member, including the hostile kinds (escaping paths, links, devices).</summary>
public sealed class TarBuilder : IDisposable
{
    private readonly FileStream _file;
    private readonly TarWriter _writer;

    public TarBuilder(string path)
    {
        _file = System.IO.File.Create(path);
        _writer = new TarWriter(_file, TarEntryFormat.Pax, leaveOpen: true);
    }

    public TarBuilder File(string name, byte[] data)
    {
        _writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(data) });
        return this;
    }

    public TarBuilder Text(string name, string text) => File(name, Encoding.UTF8.GetBytes(text));

    /// <summary>
    /// Writes a ustar header declaring <paramref name="size"/> bytes and skips the data region with a seek, so the
    /// file on disk stays sparse: a 3 GB member costs a few KB of real disk and no writing time.
    /// </summary>
    public TarBuilder SparseFile(string name, long size)
    {
        var header = new byte[512];
        Field(header, 0, 100, name);
        Field(header, 100, 8, "0000644");
        Field(header, 108, 8, "0000000");
        Field(header, 116, 8, "0000000");
        Field(header, 124, 12, Convert.ToString(size, 8).PadLeft(11, '0'));
        Field(header, 136, 12, "14000000000");
        header[156] = (byte)'0';
        Field(header, 257, 6, "ustar");
        Field(header, 263, 2, "00");
        "        "u8.CopyTo(header.AsSpan(148));
        var checksum = header.Sum(b => b);
        Field(header, 148, 8, Convert.ToString(checksum, 8).PadLeft(6, '0'));
        header[154] = 0;
        _file.Write(header);
        _file.Seek((size + 511) / 512 * 512, SeekOrigin.Current);
        return this;
    }

    public TarBuilder Entry(TarEntryType type, string name, string? linkName = null)
    {
        var entry = new PaxTarEntry(type, name);
        if (linkName is not null)
        {
            entry.LinkName = linkName;
        }

        _writer.WriteEntry(entry);
        return this;
    }

    private static void Field(byte[] header, int offset, int length, string value)
    {
        var bytes = Encoding.ASCII.GetBytes(value);
        Assert.True(bytes.Length <= length, $"tar header field '{value}' does not fit in {length} bytes");
        bytes.CopyTo(header, offset);
    }

    public void Dispose()
    {
        _writer.Dispose();
        _file.Dispose();
    }
}
