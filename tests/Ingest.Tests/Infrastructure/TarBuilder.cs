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

    public void Dispose()
    {
        _writer.Dispose();
        _file.Dispose();
    }
}
