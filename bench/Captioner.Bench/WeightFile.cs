namespace DataForge.Captioner.Bench;

/// <summary>
/// Writes random fp32 weights into one external-data file with page-aligned offsets, so the three-session
/// decoder and the text-only baseline decoder read the very same bytes.
/// </summary>
internal sealed class WeightFile : IDisposable
{
    private const int Alignment = 4096;
    private readonly FileStream _stream;
    private ulong _state;

    public WeightFile(string path, ulong seed)
    {
        FileName = Path.GetFileName(path);
        _stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        _state = seed | 1;
    }

    public string FileName { get; }

    public Dictionary<string, (long Offset, long Length, long[] Dims)> Tensors { get; } = new(StringComparer.Ordinal);

    /// <summary>Appends a tensor of uniform values in [-scale, scale] (or a constant when <paramref name="constant"/> is set).</summary>
    public void Add(string name, float scale, float? constant, params long[] dims)
    {
        var padding = (Alignment - (_stream.Position % Alignment)) % Alignment;
        _stream.Write(new byte[padding]);
        var offset = _stream.Position;
        var count = dims.Aggregate(1L, (a, b) => a * b);
        var buffer = new float[Math.Min(count, 1 << 20)];
        for (long written = 0; written < count; written += buffer.Length)
        {
            var n = (int)Math.Min(buffer.Length, count - written);
            for (var i = 0; i < n; i++)
            {
                buffer[i] = constant ?? (((float)(Next() >> 40) / (1 << 24) * 2f) - 1f) * scale;
            }

            _stream.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(buffer.AsSpan(0, n)));
        }

        Tensors[name] = (offset, count * 4, dims);
    }

    /// <summary>Zeroes one column of a [rows, cols] tensor already written (used to keep EOS from ending a timed run early).</summary>
    public void ZeroColumn(string name, long column)
    {
        var (offset, _, dims) = Tensors[name];
        var zero = new byte[4];
        for (long row = 0; row < dims[0]; row++)
        {
            _stream.Position = offset + (((row * dims[1]) + column) * 4);
            _stream.Write(zero);
        }

        _stream.Seek(0, SeekOrigin.End);
    }

    public void Dispose() => _stream.Dispose();

    private ulong Next()
    {
        // xorshift64*: fast and deterministic for a fixed seed.
        _state ^= _state >> 12;
        _state ^= _state << 25;
        _state ^= _state >> 27;
        return _state * 2685821657736338717UL;
    }
}
