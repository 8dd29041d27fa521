namespace DataForge.NounStats.Lemmas;

/// <summary>
/// Lemmatizes common nouns: an exception table learned from UD_English-EWT train (lower-cased form to its most
/// frequent lemma, kept only where the rules below get it wrong), then five suffix rules: <c>-ies</c> → <c>-y</c>;
/// drop <c>-es</c> after <c>ss x ch sh zz</c>; keep <c>-ss -us -is -ous</c>; otherwise drop a final <c>s</c>;
/// words under four letters or with non-letters stay as they are. Output is always lower case.
/// </summary>
public sealed class NounLemmatizer
{
    private readonly Dictionary<string, string> _exceptions;
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    /// <summary>Creates a lemmatizer over an exception table.</summary>
    /// <param name="exceptions">Lower-cased form to lemma; consulted before the suffix rules.</param>
    public NounLemmatizer(IReadOnlyDictionary<string, string> exceptions)
    {
        ArgumentNullException.ThrowIfNull(exceptions);
        _exceptions = new Dictionary<string, string>(exceptions, StringComparer.Ordinal);
        _lookup = _exceptions.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Gets the number of learned exceptions.</summary>
    public int ExceptionCount => _exceptions.Count;

    /// <summary>Lemmatizes a noun.</summary>
    /// <param name="form">The noun as written (any case).</param>
    /// <returns>The lower-cased lemma.</returns>
    public string Lemmatize(string form)
    {
        ArgumentNullException.ThrowIfNull(form);
        Span<char> buffer = form.Length <= 256 ? stackalloc char[form.Length] : new char[form.Length];
        return Lemmatize(form, buffer).ToString();
    }

    /// <summary>Lemmatizes a noun without allocating.</summary>
    /// <param name="form">The noun as written (any case).</param>
    /// <param name="buffer">Scratch space at least as long as <paramref name="form"/>.</param>
    /// <returns>The lemma: a slice of <paramref name="buffer"/> or of a table entry.</returns>
    public ReadOnlySpan<char> Lemmatize(ReadOnlySpan<char> form, Span<char> buffer)
    {
        var length = form.ToLowerInvariant(buffer);
        var lower = buffer[..length];
        if (_lookup.TryGetValue(lower, out var lemma))
        {
            return lemma;
        }

        return lower[..ApplyRules(lower)];
    }

    /// <summary>Applies the suffix rules to a lower-cased noun.</summary>
    /// <param name="lower">The lower-cased noun; may be rewritten in place (<c>-ies</c> → <c>-y</c>).</param>
    /// <returns>The length of the lemma at the start of <paramref name="lower"/>.</returns>
    internal static int ApplyRules(Span<char> lower)
    {
        var n = lower.Length;
        if (n < 4)
        {
            return n;
        }

        foreach (var c in lower)
        {
            if (!char.IsLetter(c))
            {
                return n;
            }
        }

        ReadOnlySpan<char> word = lower;
        if (word.EndsWith("ies"))
        {
            lower[n - 3] = 'y';
            return n - 2;
        }

        if (word.EndsWith("sses") || word.EndsWith("xes") || word.EndsWith("ches") || word.EndsWith("shes") || word.EndsWith("zzes"))
        {
            return n - 2;
        }

        if (word.EndsWith("ss") || word.EndsWith("us") || word.EndsWith("is"))
        {
            return n;
        }

        return word[^1] == 's' ? n - 1 : n;
    }

    /// <summary>Applies the suffix rules to a string (training and tests).</summary>
    /// <param name="lower">A lower-cased noun.</param>
    /// <returns>The rule-based lemma.</returns>
    internal static string ApplyRules(string lower)
    {
        var buffer = lower.ToCharArray();
        return new string(buffer, 0, ApplyRules(buffer.AsSpan()));
    }
}
