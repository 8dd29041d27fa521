namespace DataForge.NounStats.Lemmas;

/// <summary>A learned lemma rule: drop <see cref="Strip"/> final letters, then append <see cref="Append"/>.</summary>
/// <param name="Strip">How many final characters of the form to drop.</param>
/// <param name="Append">What to append after dropping (often empty).</param>
internal readonly record struct SuffixRewrite(int Strip, string Append)
{
    /// <summary>Gets the rewrite that turns <paramref name="form"/> into <paramref name="lemma"/> after their common prefix.</summary>
    /// <param name="form">A lower-cased form.</param>
    /// <param name="lemma">Its lower-cased lemma.</param>
    /// <returns>The rewrite.</returns>
    public static SuffixRewrite Between(string form, string lemma)
    {
        var common = 0;
        while (common < form.Length && common < lemma.Length && form[common] == lemma[common])
        {
            common++;
        }

        return new SuffixRewrite(form.Length - common, lemma[common..]);
    }
}
