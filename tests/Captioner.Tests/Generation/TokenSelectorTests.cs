using DataForge.Captioner.Generation;

namespace DataForge.Captioner.Tests.Generation;

public sealed class TokenSelectorTests
{
    [Fact]
    public void RepetitionPenalty_DividesPositiveAndMultipliesNegativeLogitsOfSeenTokens()
    {
        float[] scores = [4f, -2f, 3f];
        TokenSelector.ApplyRepetitionPenalty(scores, [0, 1, 0], 2f);
        Assert.Equal([2f, -4f, 3f], scores);
    }

    [Fact]
    public void Select_Greedy_WithPenalty_PicksTheUnpenalisedToken()
    {
        var choice = TokenSelector.Select([4f, -2f, 3f], [0], new GenerationOptions { RepetitionPenalty = 2f }, null);
        Assert.Equal(2, choice);
    }

    [Fact]
    public void NoRepeatNgram_BansTheTokenThatWouldRepeatATrigram()
    {
        // Generated "5 6 7 5 6": the trigram "5 6 7" exists, so 7 may not follow "5 6" again.
        var scores = new float[10];
        scores[7] = 9f;
        TokenSelector.BanRepeatedNgrams(scores, [5, 6, 7, 5, 6], 3);
        Assert.True(float.IsNegativeInfinity(scores[7]));
        Assert.Equal(0f, scores[5]);
    }

    [Fact]
    public void Select_TopKOne_AlwaysPicksTheMaximumEvenWhenSampling()
    {
        var options = new GenerationOptions { Temperature = 5f, TopK = 1 };
        var random = new Random(1);
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(3, TokenSelector.Select([0f, 1f, 2f, 2.5f], [], options, random));
        }
    }

    [Fact]
    public void Select_TopP_KeepsOnlyTheNucleus()
    {
        // Softmax of [10, 9.9, 0, 0] at T=1: the first two hold > 99.9% of the mass; top-p 0.5 keeps only the first.
        var options = new GenerationOptions { Temperature = 1f, TopP = 0.5f };
        var random = new Random(3);
        Assert.All(Enumerable.Range(0, 30), _ => Assert.Equal(0, TokenSelector.Select([10f, 9.9f, 0f, 0f], [], options, random)));
    }

    [Fact]
    public void Validate_BadTopP_NamesTheCliOption()
    {
        var error = Assert.Throws<DataForge.Core.Errors.OptionsValidationException>(new GenerationOptions { TopP = 0f }.Validate);
        Assert.Equal("--top-p", error.OptionName);
    }

    [Fact]
    public void Select_PureSampling_FollowsTheSoftmaxFrequencies()
    {
        // logits ln(1), ln(3): probabilities 0.25 / 0.75 at T=1.
        var options = new GenerationOptions { Temperature = 1f };
        var random = new Random(11);
        var ones = Enumerable.Range(0, 4000).Count(_ => TokenSelector.Select([0f, MathF.Log(3f)], [], options, random) == 1);
        Assert.InRange(ones / 4000.0, 0.72, 0.78);
    }

    [Fact]
    public void Select_BannedTokens_AreNeverSampled()
    {
        var options = new GenerationOptions { Temperature = 2f, NoRepeatNgramSize = 1 };
        var random = new Random(5);
        Assert.All(Enumerable.Range(0, 200), _ => Assert.NotEqual(0, TokenSelector.Select([5f, 0f, 0f], [0], options, random)));
    }

    [Fact]
    public void Select_FlatDistributionWithTopP_StillSamplesInsideTheNucleus()
    {
        // 1,000 equal logits: the 1e-4 pool holds them all; top-p 0.01 keeps the 10 lowest ids (ties rank by id).
        var options = new GenerationOptions { Temperature = 1f, TopP = 0.01f };
        var random = new Random(2);
        Assert.All(Enumerable.Range(0, 100), _ => Assert.InRange(TokenSelector.Select(new float[1000], [], options, random), 0, 9));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(64)]
    [InlineData(151_936)]
    [InlineData(151_939)]
    public void ArgMax_EqualsAScalarScan_WithTiesNansAndInfinities(int length)
    {
        var random = new Random(length);
        for (var trial = 0; trial < 40; trial++)
        {
            // Few distinct values, so the maximum is often tied; some NaN and -inf sprinkled in, sometimes at 0.
            var scores = new float[length];
            for (var i = 0; i < length; i++)
            {
                scores[i] = random.Next(12) switch
                {
                    0 => float.NaN,
                    1 => float.NegativeInfinity,
                    2 => -0f,
                    _ => random.Next(trial % 5 == 0 ? 3 : 50_000) / 7f,
                };
            }

            Assert.Equal(ScalarArgMax(scores), TokenSelector.ArgMax(scores));
        }
    }

    [Fact]
    public void ArgMax_MaximumInTheScalarTail_IsFound()
    {
        var scores = new float[1_001];
        scores[3] = 1f;
        scores[1_000] = 2f;
        Assert.Equal(1_000, TokenSelector.ArgMax(scores));
    }

    [Fact]
    public void Select_GreedyWithoutPenalties_DoesNotChangeTheCallersLogits()
    {
        float[] scores = [0.5f, 3f, 3f, -1f];
        Assert.Equal(1, TokenSelector.Select(scores, [1, 1], new GenerationOptions { RepetitionPenalty = 1f, NoRepeatNgramSize = 0 }, null));
        Assert.Equal([0.5f, 3f, 3f, -1f], scores);
    }

    // The specification: the first index whose score is strictly greater than every earlier one's.
    private static long ScalarArgMax(float[] scores)
    {
        var best = 0;
        for (var i = 1; i < scores.Length; i++)
        {
            if (scores[i] > scores[best])
            {
                best = i;
            }
        }

        return best;
    }
}
