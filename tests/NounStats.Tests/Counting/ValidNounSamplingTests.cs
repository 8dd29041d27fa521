using DataForge.NounStats.Counting;

namespace DataForge.NounStats.Tests.Counting;

public sealed class ValidNounSamplingTests
{
    [Fact]
    public void ExpectedValidNouns_SmallCorpus_MatchesHandCount()
    {
        // Corpus: dog ×3, cat ×1 (T = 4); sample M = 2 occurrences, all C(4,2) = 6 pairs equally likely.
        // Threshold 0: dog is in 6 of 6 pairs, cat in 3 of 6 → 1 + 0.5. Threshold 1: dog twice in C(3,2) = 3 of 6 pairs → 0.5.
        Assert.Equal(1.5, ValidNounSampling.ExpectedValidNouns([3, 1], 4, 2, threshold: 0)!.Value, 12);
        Assert.Equal(0.5, ValidNounSampling.ExpectedValidNouns([3, 1], 4, 2, threshold: 1)!.Value, 12);
    }

    [Fact]
    public void ExpectedValidNouns_LargeCounts_MatchesClosedForm()
    {
        // Two nouns of 1500 each (T = 3000), M = 2, threshold 0: P(a noun is missed) = C(1500,2)/C(3000,2)
        // = 1500·1499 / (3000·2999); the counts are past the log-factorial table, so Stirling's series is exercised.
        var expected = 2 * (1 - (1500.0 * 1499) / (3000.0 * 2999));

        Assert.Equal(expected, ValidNounSampling.ExpectedValidNouns([1500, 1500], 3000, 2, threshold: 0)!.Value, 9);
    }

    [Fact]
    public void ExpectedValidNouns_SampleIsTheWholeCorpus_IsVn()
    {
        long[] counts = [40, 12, 11, 10, 3, 1, 1];

        Assert.Equal(3.0, ValidNounSampling.ExpectedValidNouns(counts, counts.Sum(), counts.Sum(), threshold: 10)!.Value, 9);
    }

    [Fact]
    public void ExpectedValidNouns_SampleLargerThanCorpus_IsNull()
    {
        Assert.Null(ValidNounSampling.ExpectedValidNouns([5, 5], 10, 11, threshold: 1));
        Assert.Null(ValidNounSampling.ExpectedValidNouns([5, 5], 10, 0, threshold: 1));
    }
}
