using System.Numerics;
using System.Runtime.InteropServices;

namespace DataForge.Captioner.Generation;

/// <summary>
/// Picks the next token from one row's logits: repetition penalty and no-repeat n-gram bans first, then greedy
/// argmax, or temperature, top-k, top-p and a draw from the row's own random stream.
/// </summary>
internal static class TokenSelector
{
    public static long Select(ReadOnlySpan<float> logits, IReadOnlyList<long> generated, GenerationOptions options, Random? random)
    {
        var greedy = !options.Sampling || random is null;
        if (greedy && options.RepetitionPenalty == 1f && (options.NoRepeatNgramSize <= 0 || generated.Count < options.NoRepeatNgramSize - 1))
        {
            // Nothing rewrites the scores, so the argmax is taken in place instead of on a 600 kB copy per row and step.
            return ArgMax(logits);
        }

        var scores = logits.ToArray();
        ApplyRepetitionPenalty(scores, generated, options.RepetitionPenalty);
        BanRepeatedNgrams(scores, generated, options.NoRepeatNgramSize);
        if (!options.Sampling || random is null)
        {
            return ArgMax(scores);
        }

        return Sample(scores, options, random);
    }

    internal static void ApplyRepetitionPenalty(float[] scores, IReadOnlyList<long> generated, float penalty)
    {
        if (penalty == 1f || generated.Count == 0)
        {
            return;
        }

        // CTRL / HF semantics: each distinct seen token once; positive logits shrink, negative ones grow.
        var seen = new HashSet<long>(generated);
        foreach (var token in seen)
        {
            if (token >= 0 && token < scores.Length)
            {
                var s = scores[token];
                scores[token] = s > 0 ? s / penalty : s * penalty;
            }
        }
    }

    internal static void BanRepeatedNgrams(float[] scores, IReadOnlyList<long> generated, int n)
    {
        if (n <= 0 || generated.Count < n - 1)
        {
            return;
        }

        var prefixStart = generated.Count - (n - 1);
        for (var start = 0; start + n - 1 < generated.Count; start++)
        {
            var match = true;
            for (var i = 0; i < n - 1 && match; i++)
            {
                match = generated[start + i] == generated[prefixStart + i];
            }

            if (match)
            {
                var banned = generated[start + n - 1];
                if (banned >= 0 && banned < scores.Length)
                {
                    scores[banned] = float.NegativeInfinity;
                }
            }
        }
    }

    /// <summary>
    /// The first index of the largest score, NaN never winning (0 when <c>scores[0]</c> is NaN), exactly as a scalar
    /// scan with <c>&gt;</c> gives it, in two vectorised passes: the maximum, then where it first occurs. Over a
    /// 151,936-token vocabulary this is per row and step, so it is on the decode loop's critical path.
    /// </summary>
    internal static long ArgMax(ReadOnlySpan<float> scores)
    {
        if (scores.IsEmpty || float.IsNaN(scores[0]))
        {
            return 0;
        }

        var max = scores[0];
        var vectors = Vector.IsHardwareAccelerated ? MemoryMarshal.Cast<float, Vector<float>>(scores) : [];
        if (vectors.Length > 0)
        {
            var best = new Vector<float>(max);
            foreach (var v in vectors)
            {
                // GreaterThan is false for NaN, so a NaN never enters best (Vector.Max would let it in).
                best = Vector.ConditionalSelect(Vector.GreaterThan(v, best), v, best);
            }

            for (var k = 0; k < Vector<float>.Count; k++)
            {
                max = best[k] > max ? best[k] : max;
            }
        }

        for (var i = vectors.Length * Vector<float>.Count; i < scores.Length; i++)
        {
            max = scores[i] > max ? scores[i] : max;
        }

        var target = new Vector<float>(max);
        for (var j = 0; j < vectors.Length; j++)
        {
            if (Vector.EqualsAny(vectors[j], target))
            {
                for (var i = j * Vector<float>.Count; ; i++)
                {
                    if (scores[i] == max)
                    {
                        return i;
                    }
                }
            }
        }

        for (var i = vectors.Length * Vector<float>.Count; i < scores.Length; i++)
        {
            if (scores[i] == max)
            {
                return i;
            }
        }

        return 0;
    }

    private static long Sample(float[] scores, GenerationOptions options, Random random)
    {
        // Probabilities at the temperature; -inf (banned) tokens get exactly zero.
        var max = float.NegativeInfinity;
        foreach (var s in scores)
        {
            max = Math.Max(max, s);
        }

        var probabilities = new double[scores.Length];
        double sum = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            var p = float.IsNegativeInfinity(scores[i]) ? 0 : Math.Exp((scores[i] - max) / options.Temperature);
            probabilities[i] = p;
            sum += p;
        }

        if (options.TopK == 0 && options.TopP >= 1f)
        {
            return Draw(probabilities, Enumerable.Range(0, scores.Length).ToArray(), scores.Length, sum, random);
        }

        var ranked = Ranked(probabilities, options, sum);
        var keep = options.TopK > 0 ? Math.Min(options.TopK, ranked.Length) : ranked.Length;
        var nucleus = keep;
        var cumulative = 0.0;
        for (var i = 0; i < keep; i++)
        {
            cumulative += probabilities[ranked[i]] / sum;
            if (cumulative >= options.TopP)
            {
                nucleus = i + 1;
                break;
            }
        }

        var mass = 0.0;
        for (var i = 0; i < nucleus; i++)
        {
            mass += probabilities[ranked[i]];
        }

        return Draw(probabilities, ranked, nucleus, mass, random);
    }

    // The most likely tokens in descending order (ties by id), without sorting all ~150k of them: tokens within a
    // factor 1e-4 of the best are sorted first, which holds the top-k and the nucleus unless the distribution is
    // very flat, in which case everything is sorted.
    private static int[] Ranked(double[] probabilities, GenerationOptions options, double sum)
    {
        var best = probabilities.Max();
        var pool = new List<int>();
        double poolMass = 0;
        for (var i = 0; i < probabilities.Length; i++)
        {
            if (probabilities[i] >= best * 1e-4)
            {
                pool.Add(i);
                poolMass += probabilities[i];
            }
        }

        var enough = (options.TopK > 0 && pool.Count >= options.TopK) || (options.TopK == 0 && poolMass / sum >= options.TopP);
        int[] order = enough ? [.. pool] : [.. Enumerable.Range(0, probabilities.Length)];
        Array.Sort(order, (a, b) => probabilities[b] != probabilities[a] ? probabilities[b].CompareTo(probabilities[a]) : a.CompareTo(b));
        return order;
    }

    private static long Draw(double[] probabilities, int[] candidates, int count, double mass, Random random)
    {
        var draw = random.NextDouble() * mass;
        for (var i = 0; i < count; i++)
        {
            draw -= probabilities[candidates[i]];
            if (draw <= 0 && probabilities[candidates[i]] > 0)
            {
                return candidates[i];
            }
        }

        for (var i = count - 1; i >= 0; i--)
        {
            if (probabilities[candidates[i]] > 0)
            {
                return candidates[i];
            }
        }

        return candidates[0];
    }
}
