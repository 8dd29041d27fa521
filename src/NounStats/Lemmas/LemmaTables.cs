using System.Text;

namespace DataForge.NounStats.Lemmas;

/// <summary>
/// What the noun lemmatizer knows, all learned from a treebank's LEMMA column (plus <see cref="HandLemmas"/>):
/// attested form → lemma pairs the rules get wrong, suffix rewrites keyed by the form's last one to five letters,
/// the lexicon of attested noun lemmas used to choose between candidate rewrites, and a larger reference lexicon of
/// noun lemmas (WordNet 3.0, <c>Model/wordnet_nouns.txt</c>) consulted only when the treebank's lexicon cannot decide.
/// Immutable.
/// </summary>
internal sealed class LemmaTables
{
    /// <summary>The longest form suffix a rule is keyed by.</summary>
    public const int MaxSuffixLength = 5;

    /// <summary>Creates tables.</summary>
    /// <param name="exceptions">Lower-cased form to lemma; consulted before any rule.</param>
    /// <param name="suffixRules">Lower-cased form suffix (1 to <see cref="MaxSuffixLength"/> letters) to its rewrite.</param>
    /// <param name="lexicon">Attested lower-cased noun lemmas.</param>
    /// <param name="referenceNouns">Lower-cased noun lemmas of a reference dictionary; empty for none.</param>
    public LemmaTables(
        IReadOnlyDictionary<string, string> exceptions,
        IReadOnlyDictionary<string, SuffixRewrite> suffixRules,
        IEnumerable<string> lexicon,
        IEnumerable<string> referenceNouns)
    {
        Exceptions = new Dictionary<string, string>(exceptions, StringComparer.Ordinal);
        SuffixRules = new Dictionary<string, SuffixRewrite>(suffixRules, StringComparer.Ordinal);
        Lexicon = new HashSet<string>(lexicon, StringComparer.Ordinal);
        ReferenceNouns = new HashSet<string>(referenceNouns, StringComparer.Ordinal);
    }

    /// <summary>Gets empty tables: every word is its own lemma.</summary>
    public static LemmaTables Empty { get; } = new(new Dictionary<string, string>(), new Dictionary<string, SuffixRewrite>(), [], []);

    /// <summary>Gets the exception table: lower-cased form to lemma.</summary>
    public Dictionary<string, string> Exceptions { get; }

    /// <summary>Gets the suffix rules: lower-cased form suffix to rewrite.</summary>
    public Dictionary<string, SuffixRewrite> SuffixRules { get; }

    /// <summary>Gets the attested noun lemmas.</summary>
    public HashSet<string> Lexicon { get; }

    /// <summary>Gets the reference dictionary's noun lemmas.</summary>
    public HashSet<string> ReferenceNouns { get; }

    /// <summary>Reads tables written by <see cref="Write"/>.</summary>
    /// <param name="reader">The model reader.</param>
    /// <returns>The tables.</returns>
    public static LemmaTables Read(BinaryReader reader)
    {
        var exceptionCount = reader.ReadInt32();
        var exceptions = new Dictionary<string, string>(exceptionCount, StringComparer.Ordinal);
        for (var i = 0; i < exceptionCount; i++)
        {
            exceptions.Add(reader.ReadString(), reader.ReadString());
        }

        var ruleCount = reader.ReadInt32();
        var rules = new Dictionary<string, SuffixRewrite>(ruleCount, StringComparer.Ordinal);
        for (var i = 0; i < ruleCount; i++)
        {
            rules.Add(reader.ReadString(), new SuffixRewrite(reader.ReadByte(), reader.ReadString()));
        }

        return new LemmaTables(exceptions, rules, ReadWords(reader), ReadWords(reader));
    }

    /// <summary>Writes the tables in ordinal order, so the same tables always give the same bytes.</summary>
    /// <param name="writer">The model writer.</param>
    public void Write(BinaryWriter writer)
    {
        writer.Write(Exceptions.Count);
        foreach (var (form, lemma) in Exceptions.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            writer.Write(form);
            writer.Write(lemma);
        }

        writer.Write(SuffixRules.Count);
        foreach (var (suffix, rewrite) in SuffixRules.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            writer.Write(suffix);
            writer.Write((byte)rewrite.Strip);
            writer.Write(rewrite.Append);
        }

        WriteWords(writer, Lexicon);
        WriteWords(writer, ReferenceNouns);
    }

    /// <summary>Gets a one-line summary for model descriptions.</summary>
    /// <returns>The counts.</returns>
    public string Summary() =>
        new StringBuilder().Append(Exceptions.Count).Append(" lemma exceptions, ").Append(SuffixRules.Count)
            .Append(" suffix rules, ").Append(Lexicon.Count).Append(" lexicon lemmas, ").Append(ReferenceNouns.Count)
            .Append(" reference nouns").ToString();

    private static string[] ReadWords(BinaryReader reader)
    {
        var words = new string[reader.ReadInt32()];
        for (var i = 0; i < words.Length; i++)
        {
            words[i] = reader.ReadString();
        }

        return words;
    }

    private static void WriteWords(BinaryWriter writer, HashSet<string> words)
    {
        writer.Write(words.Count);
        foreach (var word in words.Order(StringComparer.Ordinal))
        {
            writer.Write(word);
        }
    }
}
