namespace DataForge.NounStats.Tagging;

/// <summary>
/// The per-word hashes every feature template draws from, computed once per word straight from its characters
/// (no strings are created).
/// </summary>
internal struct WordFeatures
{
    // Values standing in for words before the start and after the end of a sentence.
    public static readonly WordFeatures Start = Boundary(1);
    public static readonly WordFeatures End = Boundary(2);

    private const ulong NumberClass = 0x4E554D4245520001UL;

    public ulong Word;
    public ulong Exact;
    public ulong Shape;
    public ulong Suffix1;
    public ulong Suffix2;
    public ulong Suffix3;
    public ulong Suffix4;
    public ulong Prefix1;
    public ulong Prefix2;
    public ulong Prefix3;

    // Set by the decoder from the model (the tags the word takes in train), not from the characters.
    public ulong Ambiguity;

    // The word's id in the model's WordRowTable, 0 when it has no precomputed rows.
    public int Row;

    public static void Compute(ReadOnlySpan<char> word, ref WordFeatures f)
    {
        f.Exact = FeatureHash.Exact(word);
        var hasLetter = false;
        var hasDigit = false;
        var shape = FeatureHash.Seed;
        var last = '\0';
        var shapeLength = 0;
        foreach (var c in word)
        {
            char k;
            if (char.IsAsciiLetterLower(c))
            {
                k = 'x';
                hasLetter = true;
            }
            else if (char.IsAsciiLetterUpper(c))
            {
                k = 'X';
                hasLetter = true;
            }
            else if (char.IsAsciiDigit(c))
            {
                k = 'd';
                hasDigit = true;
            }
            else if (char.IsLetter(c))
            {
                k = char.IsUpper(c) ? 'X' : 'x';
                hasLetter = true;
            }
            else if (char.IsDigit(c))
            {
                k = 'd';
                hasDigit = true;
            }
            else
            {
                k = c < 128 ? c : char.IsPunctuation(c) ? 'p' : 's';
            }

            if (k != last && shapeLength < 8)
            {
                shape = FeatureHash.Add(shape, k);
                shapeLength++;
                last = k;
            }
        }

        f.Shape = FeatureHash.Mix(shape ^ (ulong)Math.Min(word.Length, 12));
        f.Word = hasDigit && !hasLetter ? FeatureHash.Mix(NumberClass ^ (ulong)Math.Min(word.Length, 5)) : FeatureHash.Lower(word);
        f.Suffix1 = FeatureHash.Lower(word[Math.Max(0, word.Length - 1)..]);
        f.Suffix2 = FeatureHash.Lower(word[Math.Max(0, word.Length - 2)..]);
        f.Suffix3 = FeatureHash.Lower(word[Math.Max(0, word.Length - 3)..]);
        f.Suffix4 = FeatureHash.Lower(word[Math.Max(0, word.Length - 4)..]);
        f.Prefix1 = FeatureHash.Lower(word[..Math.Min(1, word.Length)]);
        f.Prefix2 = FeatureHash.Lower(word[..Math.Min(2, word.Length)]);
        f.Prefix3 = FeatureHash.Lower(word[..Math.Min(3, word.Length)]);
    }

    private static WordFeatures Boundary(ulong marker)
    {
        var h = FeatureHash.Mix(0xB0B0B0B0UL + marker);
        return new WordFeatures
        {
            Word = h, Exact = h, Shape = h, Suffix1 = h, Suffix2 = h, Suffix3 = h, Suffix4 = h, Prefix1 = h, Prefix2 = h, Prefix3 = h, Ambiguity = h,
        };
    }
}
