using System.IO.Compression;

namespace DataForge.Ingest.Download;

/// <summary>
/// Undoes a response's <c>Content-Encoding</c> (gzip, deflate, br; several in a row too). Done here rather than by
/// the handler so nothing is advertised in <c>Accept-Encoding</c> (images are compressed already), an unknown
/// encoding fails the row with its name instead of handing compressed bytes to the decoder, and the caller caps
/// the decoded bytes, which a few KB of gzip can multiply a thousandfold.
/// </summary>
internal static class ContentDecoding
{
    /// <summary>Returns whether any encoding other than <c>identity</c> is listed.</summary>
    public static bool IsEncoded(ICollection<string> encodings) =>
        encodings.Any(e => !string.Equals(e.Trim(), "identity", StringComparison.OrdinalIgnoreCase));

    /// <summary>Wraps <paramref name="body"/> in decoders, last-applied encoding first; or says which encoding is not supported.</summary>
    public static (Stream? Decoded, string? Error) Wrap(Stream body, ICollection<string> encodings)
    {
        var stream = body;
        foreach (var encoding in encodings.Reverse().Select(e => e.Trim().ToLowerInvariant()))
        {
            switch (encoding)
            {
                case "identity" or "":
                    break;
                case "gzip" or "x-gzip":
                    stream = new GZipStream(stream, CompressionMode.Decompress);
                    break;
                case "deflate":
                    // HTTP's "deflate" is the zlib format (RFC 9110 §8.4.1.2).
                    stream = new ZLibStream(stream, CompressionMode.Decompress);
                    break;
                case "br":
                    stream = new BrotliStream(stream, CompressionMode.Decompress);
                    break;
                default:
                    return (null, $"unsupported Content-Encoding '{encoding}'");
            }
        }

        return (stream, null);
    }
}
