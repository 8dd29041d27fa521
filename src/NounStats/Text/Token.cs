namespace DataForge.NounStats.Text;

/// <summary>
/// One syntactic word found by <see cref="UdTokenizer"/>: a character range of the (normalized) text. Clitics such
/// as <c>n't</c> and <c>'s</c> are words of their own, as in Universal Dependencies.
/// </summary>
/// <param name="Start">Offset of the first character in the text the tokenizer was given.</param>
/// <param name="Length">Number of characters.</param>
/// <param name="StartsSentence">Whether the sentence splitter put a sentence boundary before this word.</param>
public readonly record struct Token(int Start, int Length, bool StartsSentence)
{
    /// <summary>Gets the offset one past the last character.</summary>
    public int End => Start + Length;
}
