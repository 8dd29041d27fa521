namespace DataForge.NounStats.Lemmas;

/// <summary>
/// Lemmatizes common nouns with tables learned from a treebank's LEMMA column (<see cref="LemmaTableBuilder"/>):
/// an attested form wins; a trailing <c>'s</c> is dropped; digits plus <c>s</c> (<c>90s</c>) lose the <c>s</c>;
/// other words with non-letters stay as they are, except that a hyphenated word is lemmatized on its last part.
/// Otherwise the learned rule for the longest known suffix proposes a lemma; when that lemma is not an attested
/// noun but another standard detachment (<c>-ies</c>→<c>-y</c>, <c>-ves</c>→<c>-f</c>, <c>-es</c>→<c>-is</c>, …)
/// gives one that is, the attested one wins; when the treebank's nouns cannot decide, a reference dictionary
/// (WordNet) does the same and keeps pluralia tantum (<c>environs</c>) whole; an unknown word of six letters or more
/// whose one adjacent-letter swap is a known noun is corrected (<c>reciept</c>→<c>receipt</c>); all-caps words of up
/// to three letters (<c>SMS</c>) are kept whole.
/// Output is always lower case.
/// </summary>
public sealed class NounLemmatizer
{
    // Tried in order when the learned rule's lemma is not attested.
    private static readonly (string Ending, SuffixRewrite Rewrite)[] Detachments =
    [
        ("ies", new SuffixRewrite(3, "y")), ("ies", new SuffixRewrite(1, string.Empty)),
        ("ves", new SuffixRewrite(3, "f")), ("ves", new SuffixRewrite(3, "fe")), ("ves", new SuffixRewrite(1, string.Empty)),
        ("es", new SuffixRewrite(2, string.Empty)), ("es", new SuffixRewrite(1, string.Empty)), ("es", new SuffixRewrite(2, "is")),
        ("s", new SuffixRewrite(1, string.Empty)), ("men", new SuffixRewrite(3, "man")),
    ];

    // Lexicon checks build candidates on the stack; longer words are never attested nouns in practice.
    private const int ScratchLength = 64;

    // Shortest unknown word a letter swap may correct. On EWT dev 4 letters swaps real words (hear -> hera,
    // mani -> main); 5 and 6 tie, and the higher is kept because a wrong correction is worse than a kept typo.
    private const int MinCorrectionLength = 6;

    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _exceptions;
    private readonly Dictionary<string, SuffixRewrite>.AlternateLookup<ReadOnlySpan<char>> _rules;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _lexicon;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _reference;

    /// <summary>Creates a lemmatizer over learned tables.</summary>
    /// <param name="tables">The tables; shared, never modified.</param>
    internal NounLemmatizer(LemmaTables tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        Tables = tables;
        _exceptions = tables.Exceptions.GetAlternateLookup<ReadOnlySpan<char>>();
        _rules = tables.SuffixRules.GetAlternateLookup<ReadOnlySpan<char>>();
        _lexicon = tables.Lexicon.GetAlternateLookup<ReadOnlySpan<char>>();
        _reference = tables.ReferenceNouns.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Gets the number of form → lemma exceptions.</summary>
    public int ExceptionCount => Tables.Exceptions.Count;

    internal LemmaTables Tables { get; }

    /// <summary>Lemmatizes a noun.</summary>
    /// <param name="form">The noun as written (any case).</param>
    /// <returns>The lower-cased lemma.</returns>
    public string Lemmatize(string form)
    {
        ArgumentNullException.ThrowIfNull(form);
        Span<char> buffer = form.Length <= 256 ? stackalloc char[form.Length] : new char[form.Length];
        return Lemmatize(form, buffer).ToString();
    }

    /// <summary>Lemmatizes a noun, allocating only for rare rewrites that lengthen the word.</summary>
    /// <param name="form">The noun as written (any case).</param>
    /// <param name="buffer">Scratch space at least as long as <paramref name="form"/>.</param>
    /// <returns>The lemma: a slice of <paramref name="buffer"/>, of a table entry or of a new string.</returns>
    public ReadOnlySpan<char> Lemmatize(ReadOnlySpan<char> form, Span<char> buffer)
    {
        var lower = buffer[..form.ToLowerInvariant(buffer)];
        if (_exceptions.TryGetValue(lower, out var lemma))
        {
            return lemma;
        }

        if (lower.Length > 2 && lower[^1] == 's' && lower[^2] is '\'' or '\u2019')
        {
            lower = lower[..^2];
            if (_exceptions.TryGetValue(lower, out lemma))
            {
                return lemma;
            }
        }

        var head = lower.LastIndexOf('-') + 1;
        var word = lower[head..];
        if (!IsLetters(word))
        {
            return IsDecade(word) ? lower[..^1] : lower;
        }

        if (head > 0 && word.Length > 0 && _exceptions.TryGetValue(word, out lemma))
        {
            return string.Concat(lower[..head], lemma);
        }

        // EWT train keeps the s of short all-caps acronyms (SMS, GIS, PRS) and drops it from longer capitals (GUYS).
        return word.Length < 3 || IsShortAcronym(form) ? lower : Apply(lower, ChooseOrCorrect(word));
    }

    /// <summary>
    /// Keys a proper noun: its lemma when that is an attested common noun (<c>Dresses</c> → <c>dress</c>), else its
    /// lower-cased form (<c>Texas</c> stays <c>texas</c>, never <c>texa</c>).
    /// </summary>
    /// <param name="form">The proper noun as written.</param>
    /// <param name="buffer">Scratch space at least as long as <paramref name="form"/>.</param>
    /// <returns>The key: a slice of <paramref name="buffer"/>, of a table entry or of a new string.</returns>
    public ReadOnlySpan<char> LemmatizeProperNoun(ReadOnlySpan<char> form, Span<char> buffer)
    {
        var lemma = Lemmatize(form, buffer);
        return _lexicon.Contains(lemma) ? lemma : buffer[..form.ToLowerInvariant(buffer)];
    }

    private static bool IsLetters(ReadOnlySpan<char> word)
    {
        foreach (var c in word)
        {
            if (!char.IsLetter(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsShortAcronym(ReadOnlySpan<char> form) => form.Length <= 3 && !form.ContainsAnyExceptInRange('A', 'Z');

    private static bool IsDecade(ReadOnlySpan<char> word)
    {
        if (word.Length < 2 || word[^1] != 's')
        {
            return false;
        }

        foreach (var c in word[..^1])
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static ReadOnlySpan<char> Apply(Span<char> lower, SuffixRewrite rewrite)
    {
        var stem = lower.Length - rewrite.Strip;
        if (rewrite.Append.Length > rewrite.Strip)
        {
            return string.Concat(lower[..stem], rewrite.Append);
        }

        rewrite.Append.CopyTo(lower[stem..]);
        return lower[..(stem + rewrite.Append.Length)];
    }

    private SuffixRewrite ChooseOrCorrect(ReadOnlySpan<char> word)
    {
        var rewrite = Choose(word);
        if (word.Length < MinCorrectionLength || word.Length > ScratchLength || _lexicon.Contains(word) || _reference.Contains(word))
        {
            return rewrite;
        }

        Span<char> scratch = stackalloc char[ScratchLength];
        if (IsAttested(word, rewrite, scratch, _lexicon) || IsAttested(word, rewrite, scratch, _reference))
        {
            return rewrite;
        }

        // Neither the word nor its lemma is known: a single swap of two adjacent letters (reciept, surviellance) that
        // lands on a known noun lemma is taken as the intended word, as EWT's LEMMA column corrects such typos.
        Span<char> swapped = stackalloc char[word.Length];
        for (var i = 0; i + 1 < word.Length; i++)
        {
            if (word[i] == word[i + 1])
            {
                continue;
            }

            word.CopyTo(swapped);
            (swapped[i], swapped[i + 1]) = (swapped[i + 1], swapped[i]);
            // Only a kept word or a dropped plural s: a swap followed by a longer rewrite stacks two guesses
            // (eastern -> eastren -> east by the children rule).
            var candidate = Choose(swapped);
            if (candidate.Strip <= 1 && candidate.Append.Length == 0
                && (IsAttested(swapped, candidate, scratch, _lexicon) || IsAttested(swapped, candidate, scratch, _reference)))
            {
                return new SuffixRewrite(word.Length, string.Concat(swapped[..^candidate.Strip], candidate.Append));
            }
        }

        return rewrite;
    }

    private SuffixRewrite Choose(ReadOnlySpan<char> word)
    {
        var learned = new SuffixRewrite(0, string.Empty);
        for (var length = Math.Min(LemmaTables.MaxSuffixLength, word.Length - 1); length > 0; length--)
        {
            if (_rules.TryGetValue(word[^length..], out var rule) && rule.Strip < word.Length)
            {
                learned = rule;
                break;
            }
        }

        Span<char> scratch = stackalloc char[ScratchLength];
        if (IsAttested(word, learned, scratch, _lexicon))
        {
            return learned;
        }

        if (TryDetach(word, scratch, _lexicon, out var detached))
        {
            return detached;
        }

        // The treebank cannot decide; the reference dictionary knows rarer singulars (guru) and pluralia tantum
        // (environs, kudos), which keep their s when the dictionary has the form but not the rule's lemma.
        if (IsAttested(word, learned, scratch, _reference))
        {
            return learned;
        }

        if (_reference.Contains(word))
        {
            return new SuffixRewrite(0, string.Empty);
        }

        return TryDetach(word, scratch, _reference, out detached) ? detached : learned;
    }

    private static bool TryDetach(ReadOnlySpan<char> word, Span<char> scratch, HashSet<string>.AlternateLookup<ReadOnlySpan<char>> lemmas, out SuffixRewrite detached)
    {
        foreach (var (ending, rewrite) in Detachments)
        {
            if (word.Length > rewrite.Strip + 1 && word.EndsWith(ending) && IsAttested(word, rewrite, scratch, lemmas))
            {
                detached = rewrite;
                return true;
            }
        }

        detached = default;
        return false;
    }

    private static bool IsAttested(ReadOnlySpan<char> word, SuffixRewrite rewrite, Span<char> scratch, HashSet<string>.AlternateLookup<ReadOnlySpan<char>> lemmas)
    {
        if (word.Length + rewrite.Append.Length > ScratchLength || rewrite.Strip > word.Length)
        {
            return false;
        }

        var stem = word.Length - rewrite.Strip;
        word[..stem].CopyTo(scratch);
        rewrite.Append.CopyTo(scratch[stem..]);
        return lemmas.Contains(scratch[..(stem + rewrite.Append.Length)]);
    }
}
