using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using System.Text;
using DataForge.NounStats.Lemmas;

namespace DataForge.NounStats.Tagging;

/// <summary>
/// An immutable averaged-perceptron model: weights quantized to 16 bits and stored sparsely (only the tags a
/// feature ever voted for), a tag dictionary for frequent unambiguous words, and the lemma table. Lookups use one
/// open-addressing array so a feature costs about one cache miss. Shared freely between threads.
/// </summary>
internal sealed class TaggerModel
{
    private const string Magic = "DFTAGGER";
    private const int FormatVersion = 3;

    private readonly ulong[] _slots;
    private readonly int _slotMask;
    private readonly int[] _rowStart;
    private readonly byte[] _entryTags;
    private readonly short[] _entryWeights;
    private readonly Dictionary<ulong, byte> _tagDictionary;
    private readonly Dictionary<ulong, ulong> _ambiguity;

    // Hot-path copy of the weights: (weight << 8) | tag, one int per entry, so a feature costs two memory reads
    // (its slot, which also holds the row's start and length, and the packed entries).
    private readonly int[] _packed;

    public TaggerModel(
        TagSet tags,
        IReadOnlyDictionary<ulong, byte> tagDictionary,
        IReadOnlyDictionary<ulong, ulong> ambiguity,
        uint[] featureKeys,
        int[] rowStart,
        byte[] entryTags,
        short[] entryWeights,
        LemmaTables lemmas,
        string description)
    {
        Tags = tags;
        FeatureKeys = featureKeys;
        _rowStart = rowStart;
        _entryTags = entryTags;
        _entryWeights = entryWeights;
        _tagDictionary = new Dictionary<ulong, byte>(tagDictionary);
        _ambiguity = new Dictionary<ulong, ulong>(ambiguity);
        Lemmas = lemmas;
        Description = description;
        if (entryTags.Length >= 1 << 24)
        {
            throw new InvalidDataException("The model has too many weights for the packed layout.");
        }

        var capacity = 16;
        while (capacity < featureKeys.Length * 2)
        {
            capacity <<= 1;
        }

        _slots = new ulong[capacity];
        _slotMask = capacity - 1;
        for (var row = 0; row < featureKeys.Length; row++)
        {
            var slot = (int)(featureKeys[row] & (uint)_slotMask);
            while (_slots[slot] != 0)
            {
                slot = (slot + 1) & _slotMask;
            }

            var length = rowStart[row + 1] - rowStart[row];
            _slots[slot] = ((ulong)featureKeys[row] << 32) | ((uint)rowStart[row] << 8) | (uint)length;
        }

        _packed = new int[entryTags.Length];
        for (var e = 0; e < entryTags.Length; e++)
        {
            _packed[e] = (entryWeights[e] << 8) | entryTags[e];
        }
    }

    public TagSet Tags { get; }

    /// <summary>Gets the sorted feature keys (one weight row each).</summary>
    public uint[] FeatureKeys { get; }

    /// <summary>Gets the number of stored (feature, tag) weights.</summary>
    public int WeightCount => _entryWeights.Length;

    /// <summary>Gets the learned noun lemma tables.</summary>
    public LemmaTables Lemmas { get; }

    /// <summary>Gets a human-readable record of the training settings and scores.</summary>
    public string Description { get; }

    public IReadOnlyDictionary<ulong, byte> TagDictionary => _tagDictionary;

    /// <summary>Gets the ambiguity classes: lower-cased word hash to a hash of the tags it takes in train.</summary>
    public IReadOnlyDictionary<ulong, ulong> Ambiguity => _ambiguity;

    /// <summary>Gets the ambiguity class of a word (<see cref="WordFeatures.Word"/>), or a fixed value for rare words.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong AmbiguityOf(ulong word) => _ambiguity.TryGetValue(word, out var ambiguity) ? ambiguity : UnknownAmbiguity;

    /// <summary>The ambiguity class of words too rare in train to have one.</summary>
    public const ulong UnknownAmbiguity = 0x554E4B4E4F574EUL;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryLookupTag(ulong exactHash, out byte tag) => _tagDictionary.TryGetValue(exactHash, out tag);

    /// <summary>Adds the weights of <paramref name="features"/> to <paramref name="scores"/>.</summary>
    public unsafe void Score(ReadOnlySpan<uint> features, Span<int> scores)
    {
        // The table is several MB, so each probe is a cache miss; probing features one after another would pay
        // those misses in sequence. Prefetching every slot first, then every weight row, overlaps them.
        var mask = (uint)_slotMask;
        Span<ulong> rows = stackalloc ulong[features.Length];
        var found = 0;
        fixed (ulong* slots = _slots)
        fixed (int* packed = _packed)
        {
            if (Sse.IsSupported)
            {
                foreach (var key in features)
                {
                    Sse.Prefetch0(slots + (key & mask));
                }
            }

            foreach (var key in features)
            {
                var slot = key & mask;
                while (true)
                {
                    var entry = slots[slot];
                    if (entry == 0)
                    {
                        break;
                    }

                    if ((uint)(entry >> 32) == key)
                    {
                        rows[found++] = entry;
                        if (Sse.IsSupported)
                        {
                            Sse.Prefetch0(packed + (int)((uint)entry >> 8));
                        }

                        break;
                    }

                    slot = (slot + 1) & mask;
                }
            }

            for (var r = 0; r < found; r++)
            {
                var entry = rows[r];
                var start = (int)((uint)entry >> 8);
                var end = start + (int)(entry & 0xFF);
                for (var e = start; e < end; e++)
                {
                    var value = packed[e];
                    scores[value & 0xFF] += value >> 8;
                }
            }
        }
    }

    public TaggerModel WithDescription(string description) =>
        new(Tags, _tagDictionary, _ambiguity, FeatureKeys, _rowStart, _entryTags, _entryWeights, Lemmas, description);

    /// <summary>Loads a model written by <see cref="Write"/>.</summary>
    public static TaggerModel Read(Stream stream)
    {
        using var inflated = new ZLibStream(stream, CompressionMode.Decompress, leaveOpen: true);
        using var reader = new BinaryReader(inflated, Encoding.UTF8, leaveOpen: true);
        if (reader.ReadString() != Magic || reader.ReadInt32() != FormatVersion)
        {
            throw new InvalidDataException("Not a DataForge tagger model, or an unsupported version.");
        }

        var description = reader.ReadString();
        var tagCount = reader.ReadInt32();
        var tags = new string[tagCount];
        for (var i = 0; i < tagCount; i++)
        {
            tags[i] = reader.ReadString();
        }

        var dictionaryCount = reader.ReadInt32();
        var dictionary = new Dictionary<ulong, byte>(dictionaryCount);
        for (var i = 0; i < dictionaryCount; i++)
        {
            dictionary.Add(reader.ReadUInt64(), reader.ReadByte());
        }

        var ambiguityCount = reader.ReadInt32();
        var ambiguity = new Dictionary<ulong, ulong>(ambiguityCount);
        for (var i = 0; i < ambiguityCount; i++)
        {
            ambiguity.Add(reader.ReadUInt64(), reader.ReadUInt64());
        }

        var featureCount = reader.ReadInt32();
        var keys = new uint[featureCount];
        var rowStart = new int[featureCount + 1];
        var previous = 0u;
        for (var i = 0; i < featureCount; i++)
        {
            // Keys are sorted, so deltas are small and compress well.
            previous += reader.ReadUInt32();
            keys[i] = previous;
        }

        for (var i = 0; i < featureCount; i++)
        {
            rowStart[i + 1] = rowStart[i] + reader.ReadByte();
        }

        var entryCount = rowStart[featureCount];
        var entryTags = reader.ReadBytes(entryCount);
        var entryWeights = new short[entryCount];
        for (var i = 0; i < entryCount; i++)
        {
            entryWeights[i] = reader.ReadInt16();
        }

        var lemmas = LemmaTables.Read(reader);
        return new TaggerModel(new TagSet(tags), dictionary, ambiguity, keys, rowStart, entryTags, entryWeights, lemmas, description);
    }

    /// <summary>Writes the model deterministically: the same model always gives the same bytes.</summary>
    public void Write(Stream stream)
    {
        using var deflated = new ZLibStream(stream, CompressionLevel.SmallestSize, leaveOpen: true);
        using var writer = new BinaryWriter(deflated, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(FormatVersion);
        writer.Write(Description);
        writer.Write(Tags.Count);
        foreach (var tag in Tags.Joint)
        {
            writer.Write(tag);
        }

        writer.Write(_tagDictionary.Count);
        foreach (var (hash, tag) in _tagDictionary.OrderBy(p => p.Key))
        {
            writer.Write(hash);
            writer.Write(tag);
        }

        writer.Write(_ambiguity.Count);
        foreach (var (word, ambiguity) in _ambiguity.OrderBy(p => p.Key))
        {
            writer.Write(word);
            writer.Write(ambiguity);
        }

        writer.Write(FeatureKeys.Length);
        var previous = 0u;
        foreach (var key in FeatureKeys)
        {
            writer.Write(key - previous);
            previous = key;
        }

        for (var i = 0; i < FeatureKeys.Length; i++)
        {
            writer.Write((byte)(_rowStart[i + 1] - _rowStart[i]));
        }

        writer.Write(_entryTags);
        foreach (var weight in _entryWeights)
        {
            writer.Write(weight);
        }

        Lemmas.Write(writer);
    }
}
