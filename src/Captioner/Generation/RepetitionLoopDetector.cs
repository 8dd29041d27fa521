namespace DataForge.Captioner.Generation;

/// <summary>
/// Finds a generation caught in a loop: the newest tokens are one unit of <c>period</c> tokens repeated back to
/// back. Greedy decoding never leaves such a loop on its own (BLIP-2's "a hat on top of a hat…"), so the row is
/// cut after the unit's first copy and flagged.
/// </summary>
internal static class RepetitionLoopDetector
{
    /// <summary>Looks for a loop ending at the last token.</summary>
    /// <param name="tokens">The generated tokens.</param>
    /// <param name="minRepeats">Copies needed.</param>
    /// <param name="minTokens">Tokens the repeated run must span.</param>
    /// <param name="maxPeriod">Longest unit considered.</param>
    /// <returns>The length to keep (up to the end of the unit's first copy), or -1 when there is no loop.</returns>
    public static int FindCut(IReadOnlyList<long> tokens, int minRepeats, int minTokens, int maxPeriod)
    {
        var length = tokens.Count;
        var longest = Math.Min(maxPeriod, length / minRepeats);
        for (var period = 1; period <= longest; period++)
        {
            var repeats = 1;
            while ((repeats + 1) * period <= length && SameUnit(tokens, length - period, length - ((repeats + 1) * period), period))
            {
                repeats++;
            }

            if (repeats >= minRepeats && repeats * period >= minTokens)
            {
                return length - ((repeats - 1) * period);
            }
        }

        return -1;
    }

    private static bool SameUnit(IReadOnlyList<long> tokens, int a, int b, int period)
    {
        for (var i = 0; i < period; i++)
        {
            if (tokens[a + i] != tokens[b + i])
            {
                return false;
            }
        }

        return true;
    }
}
