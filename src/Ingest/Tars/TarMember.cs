namespace DataForge.Ingest.Tars;

/// <summary>A regular file inside a tar: its cleaned name, where its bytes are in the archive, and the size cap it is read under.</summary>
/// <param name="Name">Member name with any leading <c>./</c> removed.</param>
/// <param name="DataOffset">Offset of the member's data in the tar file.</param>
/// <param name="Length">Data length in bytes, as the header declares it.</param>
/// <param name="MaxLength">The largest member that is read (<c>--max-tar-member-bytes</c>).</param>
internal sealed record TarMember(string Name, long DataOffset, long Length, long MaxLength)
{
    /// <summary>
    /// Gets why the member is not read, decided from its header alone, or null when it fits the cap. A header may
    /// declare up to 8 GiB (ustar) or more (PAX); reading such a member would need one array larger than .NET allows.
    /// </summary>
    public string? SizeRefusal => Length > MaxLength
        ? $"tar member {Name} declares {Length} bytes, more than the cap of {MaxLength} bytes (--max-tar-member-bytes); not read"
        : null;

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
    /// <exception cref="IOException">The member is over the cap (callers check <see cref="SizeRefusal"/> first), or the tar ends early.</exception>
    public async ValueTask<byte[]> ReadAsync(string tarPath, CancellationToken cancellationToken)
    {
        if (SizeRefusal is { } refusal)
        {
            throw new IOException(refusal);
        }

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
