namespace DataForge.Ingest.Tars;

/// <summary>A regular file inside a tar: its cleaned name and where its bytes are in the archive.</summary>
/// <param name="Name">Member name with any leading <c>./</c> removed.</param>
/// <param name="DataOffset">Offset of the member's data in the tar file.</param>
/// <param name="Length">Data length in bytes.</param>
internal sealed record TarMember(string Name, long DataOffset, long Length)
{
    /// <summary>Gets the WebDataset key: the path up to the first dot of the base name.</summary>
    public string Key
    {
        get
        {
            var slash = Name.LastIndexOf('/');
            var dot = Name.IndexOf('.', slash + 1);
            return dot < 0 ? Name : Name[..dot];
        }
    }

    /// <summary>Gets the extension after the first dot of the base name, lower-case (<c>jpg</c>, <c>seg.png</c>), or empty.</summary>
    public string Extension
    {
        get
        {
            var slash = Name.LastIndexOf('/');
            var dot = Name.IndexOf('.', slash + 1);
            return dot < 0 ? "" : Name[(dot + 1)..].ToLowerInvariant();
        }
    }

    /// <summary>Reads the member's bytes from the tar file.</summary>
    public async ValueTask<byte[]> ReadAsync(string tarPath, CancellationToken cancellationToken)
    {
        using var handle = File.OpenHandle(tarPath, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous);
        var bytes = new byte[Length];
        var done = 0;
        while (done < bytes.Length)
        {
            var read = await RandomAccess.ReadAsync(handle, bytes.AsMemory(done), DataOffset + done, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new EndOfStreamException($"tar member {Name} ends after {done} of {Length} bytes");
            }

            done += read;
        }

        return bytes;
    }
}
