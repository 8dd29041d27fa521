using DataForge.Captioner.Generation;

namespace DataForge.Captioner.Tests.Generation;

public sealed class RepetitionLoopDetectorTests
{
    [Fact]
    public void FindCut_UnitRepeatedEnoughTimes_KeepsTextUpToTheFirstCopy()
    {
        // "a b" then "hat on top of" x3 (4-token unit, 12 tokens spanned).
        long[] tokens = [1, 2, 10, 11, 12, 13, 10, 11, 12, 13, 10, 11, 12, 13];
        Assert.Equal(6, RepetitionLoopDetector.FindCut(tokens, minRepeats: 3, minTokens: 12, maxPeriod: 64));
    }

    [Fact]
    public void FindCut_ShortRepeatBelowMinimumSpan_IsNotALoop()
    {
        long[] tokens = [5, 7, 7, 7, 7];
        Assert.Equal(-1, RepetitionLoopDetector.FindCut(tokens, 3, 12, 64));
        Assert.Equal(2, RepetitionLoopDetector.FindCut(tokens, 3, 4, 64));
    }

    [Fact]
    public void FindCut_NoRepetition_ReturnsMinusOne()
    {
        Assert.Equal(-1, RepetitionLoopDetector.FindCut([.. Enumerable.Range(0, 40).Select(i => (long)i)], 2, 2, 64));
    }
}
