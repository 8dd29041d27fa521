using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text;
using DataForge.NounStats.Lemmas;

namespace DataForge.NounStats.Tagging;

/// <summary>
/// An immutable averaged-perceptron model: weights quantized to 16 bits and stored sparsely (only the tags a
/// feature ever voted for), a tag dictionary for frequent unambiguous words, and the lemma table. Lookups go through a
/// <see cref="FusedWeightTable"/>. Shared freely between threads.
/// </summary>
internal sealed class TaggerModel
{
    private const string Magic = "DFTAGGER";
    private const int FormatVersion = 3;

    private readonly int[] _rowStart;
    private readonly byte[] _entryTags;
    private readonly short[] _entryWeights;
    private readonly Dictionary<ulong, byte> _tagDictionary;
    private readonly Dictionary<ulong, ulong> _ambiguity;

    // The decoder's copy of the weights, laid out for lookups; the arrays above are what Write stores.
    private readonly FusedWeightTable _table;

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
        _table = new FusedWeightTable(featureKeys, rowStart, entryTags, entryWeights, tags.Count);
    }

    // A copy sharing every array, with word rows added or removed.
    private TaggerModel(TaggerModel source, IEnumerable<string>? knownWords)
    {
        Tags = source.Tags;
        FeatureKeys = source.FeatureKeys;
        _rowStart = source._rowStart;
        _entryTags = source._entryTags;
        _entryWeights = source._entryWeights;
        _tagDictionary = source._tagDictionary;
        _ambiguity = source._ambiguity;
        Lemmas = source.Lemmas;
        Description = source.Description;
        _table = source._table;
        WordRows = knownWords is null ? null : WordRowTable.Build(this, knownWords);
    }

    public TagSet Tags { get; }

    /// <summary>Gets the precomputed score rows of well-known words, or null when the decoder probes every feature.</summary>
    public WordRowTable? WordRows { get; }

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
    public void Score(ReadOnlySpan<uint> features, Span<int> scores) => _table.Score(features, scores);

    /// <summary>Starts loading the weights of <paramref name="features"/> into cache, ahead of a later <see cref="Score"/>.</summary>
    public void Prefetch(ReadOnlySpan<uint> features) => _table.Prefetch(features);

    /// <summary>Returns this model with score rows precomputed for <paramref name="knownWords"/>, or without rows when null.</summary>
    public TaggerModel WithWordRows(IEnumerable<string>? knownWords) => new(this, knownWords);

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
