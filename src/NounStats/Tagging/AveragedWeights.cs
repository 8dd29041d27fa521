namespace DataForge.NounStats.Tagging;

/// <summary>
/// Mutable perceptron weights during training, with per-update (timestamped) averaging. Storage is sparse: a
/// feature gets a row only when it is first updated, and a row holds a linked list of the tags it voted for.
/// </summary>
internal sealed class AveragedWeights
{
    private readonly Dictionary<uint, int> _rows = [];
    private readonly Dictionary<long, int> _entries = [];
    private readonly List<uint> _rowKeys = [];
    private int[] _head = new int[1 << 16];
    private int[] _next = new int[1 << 18];
    private byte[] _tag = new byte[1 << 18];
    private float[] _weight = new float[1 << 18];
    private double[] _total = new double[1 << 18];
    private int[] _stamp = new int[1 << 18];
    private int _entryCount;

    public void Score(ReadOnlySpan<uint> features, Span<float> scores)
    {
        foreach (var key in features)
        {
            if (!_rows.TryGetValue(key, out var row))
            {
                continue;
            }

            for (var e = _head[row]; e >= 0; e = _next[e])
            {
                scores[_tag[e]] += _weight[e];
            }
        }
    }

    public void Update(ReadOnlySpan<uint> features, int gold, int guess, int step)
    {
        foreach (var key in features)
        {
            var row = RowOf(key);
            Add(row, gold, 1f, step);
            Add(row, guess, -1f, step);
        }
    }

    /// <summary>Averages the weights up to <paramref name="step"/>, quantizes them and builds an inference model.</summary>
    public TaggerModel Snapshot(int step, TagSet tags, IReadOnlyDictionary<ulong, byte> tagDictionary, IReadOnlyDictionary<ulong, ulong> ambiguity, Lemmas.LemmaTables lemmas, string description)
    {
        var averaged = new float[_entryCount];
        var maxAbs = 1e-6f;
        for (var e = 0; e < _entryCount; e++)
        {
            var total = _total[e] + ((double)(step - _stamp[e]) * _weight[e]);
            averaged[e] = (float)(total / Math.Max(1, step));
            maxAbs = Math.Max(maxAbs, Math.Abs(averaged[e]));
        }

        var scale = 32000f / maxAbs;
        var order = Enumerable.Range(0, _rowKeys.Count).OrderBy(r => _rowKeys[r]).ToArray();
        var keys = new List<uint>(order.Length);
        var rowStart = new List<int>(order.Length + 1) { 0 };
        var entryTags = new List<byte>();
        var entryWeights = new List<short>();
        var rowEntries = new List<(byte Tag, short Weight)>();
        foreach (var row in order)
        {
            rowEntries.Clear();
            for (var e = _head[row]; e >= 0; e = _next[e])
            {
                var q = (short)Math.Round(averaged[e] * scale, MidpointRounding.ToEven);
                if (q != 0)
                {
                    rowEntries.Add((_tag[e], q));
                }
            }

            if (rowEntries.Count == 0)
            {
                continue;
            }

            rowEntries.Sort((a, b) => a.Tag.CompareTo(b.Tag));
            keys.Add(_rowKeys[row]);
            foreach (var (tag, weight) in rowEntries)
            {
                entryTags.Add(tag);
                entryWeights.Add(weight);
            }

            rowStart.Add(entryTags.Count);
        }

        return new TaggerModel(tags, tagDictionary, ambiguity, [.. keys], [.. rowStart], [.. entryTags], [.. entryWeights], lemmas, description);
    }

    private int RowOf(uint key)
    {
        if (_rows.TryGetValue(key, out var row))
        {
            return row;
        }

        row = _rowKeys.Count;
        _rows.Add(key, row);
        _rowKeys.Add(key);
        if (row >= _head.Length)
        {
            Array.Resize(ref _head, _head.Length * 2);
        }

        _head[row] = -1;
        return row;
    }

    private void Add(int row, int tag, float delta, int step)
    {
        var id = ((long)row << 8) | (uint)tag;
        if (!_entries.TryGetValue(id, out var e))
        {
            e = _entryCount++;
            if (e >= _next.Length)
            {
                var size = _next.Length * 2;
                Array.Resize(ref _next, size);
                Array.Resize(ref _tag, size);
                Array.Resize(ref _weight, size);
                Array.Resize(ref _total, size);
                Array.Resize(ref _stamp, size);
            }

            _entries.Add(id, e);
            _tag[e] = (byte)tag;
            _weight[e] = 0;
            _total[e] = 0;
            _stamp[e] = step;
            _next[e] = _head[row];
            _head[row] = e;
        }

        _total[e] += (double)(step - _stamp[e]) * _weight[e];
        _stamp[e] = step;
        _weight[e] += delta;
    }
}
