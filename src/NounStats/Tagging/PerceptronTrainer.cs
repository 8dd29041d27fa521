using System.Globalization;
using DataForge.NounStats.Conllu;
using DataForge.NounStats.Evaluation;
using DataForge.NounStats.Lemmas;
using Microsoft.Extensions.Logging;

namespace DataForge.NounStats.Tagging;

/// <summary>
/// Trains the averaged perceptron on gold-tokenized sentences: greedy decoding with predicted history, +1/−1
/// updates on errors, timestamped averaging, a fixed-seed shuffle per pass, and the pass with the best dev UPOS
/// accuracy kept. Everything is ordered deterministically, so a seed always yields the same model bytes.
/// </summary>
internal static class PerceptronTrainer
{
    public static (TaggerModel Model, int Iterations, IReadOnlyList<double> DevAccuracies) Train(
        IReadOnlyList<ConlluSentence> train,
        IReadOnlyList<ConlluSentence> dev,
        TaggerTrainingOptions options,
        string corpusName,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        // 1. Tag set, tag dictionary and lemma exceptions from train.
        var tags = new TagSet([.. train.SelectMany(s => s.Words).Select(w => TagSet.JointOf(w.Upos, w.Xpos)).Distinct().Order(StringComparer.Ordinal)]);
        var tagDictionary = BuildTagDictionary(train, tags, options);
        var lemmas = LemmaTableBuilder.Build(train);
        var ambiguity = BuildAmbiguityClasses(train, tags);

        // 2. Word features and gold tags, computed once.
        var decoder = new SentenceDecoder(new TaggerModel(tags, tagDictionary, ambiguity, [], [0], [], [], lemmas, string.Empty));
        var prepared = new (WordFeatures[] Words, byte[] Gold)[train.Count];
        for (var s = 0; s < train.Count; s++)
        {
            var forms = train[s].Words.Select(w => w.Form).ToArray();
            prepared[s] = (decoder.Prepare(forms).ToArray(), [.. train[s].Words.Select(w => (byte)tags.IndexOf(TagSet.JointOf(w.Upos, w.Xpos)))]);
        }

        // 3. Passes.
        var weights = new AveragedWeights();
        var random = new SplitMix64((ulong)options.Seed);
        var order = Enumerable.Range(0, train.Count).ToArray();
        var features = new uint[FeatureTemplates.MaxFeatures];
        var scores = new float[tags.Count];
        var step = 0;
        var devAccuracies = new List<double>();
        TaggerModel? best = null;
        var bestIteration = 0;
        for (var iteration = 1; iteration <= options.MaxIterations; iteration++)
        {
            random.Shuffle(order);
            int correct = 0, total = 0;
            foreach (var s in order)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (words, gold) = prepared[s];
                int prev = FeatureTemplates.StartTag, prev2 = FeatureTemplates.StartTag;
                for (var i = 0; i < gold.Length; i++)
                {
                    int guess;
                    if (tagDictionary.TryGetValue(words[i + 2].Exact, out var known))
                    {
                        guess = known;
                    }
                    else
                    {
                        var count = FeatureTemplates.Extract(words, i, prev, prev2, features);
                        Array.Clear(scores);
                        weights.Score(features.AsSpan(0, count), scores);
                        guess = ArgMax(scores);
                        step++;
                        if (guess != gold[i])
                        {
                            weights.Update(features.AsSpan(0, count), gold[i], guess, step);
                        }
                    }

                    correct += guess == gold[i] ? 1 : 0;
                    total++;
                    prev2 = prev;
                    prev = guess;
                }
            }

            var snapshot = weights.Snapshot(step, tags, tagDictionary, ambiguity, lemmas, string.Empty);
            var devScore = TaggerEvaluator.Score(snapshot, dev);
            devAccuracies.Add(devScore.UposAccuracy);
            logger.LogInformation(
                "Tagger pass {Iteration}: train {TrainAccuracy:F2} %, dev UPOS {DevAccuracy:F2} %, {Weights} weights",
                iteration, 100.0 * correct / Math.Max(1, total), devScore.UposAccuracy, snapshot.WeightCount);
            if (best is null || devScore.UposAccuracy > devAccuracies[bestIteration - 1])
            {
                best = snapshot;
                bestIteration = iteration;
            }
        }

        var description = string.Create(
            CultureInfo.InvariantCulture,
            $"Averaged perceptron trained on {corpusName} train ({train.Count} sentences); seed {options.Seed}; pass {bestIteration} of {options.MaxIterations} chosen on dev (UPOS {devAccuracies[bestIteration - 1]:F2} %); tag dictionary >= {options.TagDictionaryMinCount} occurrences, >= {options.TagDictionaryMinPurity:F2} purity; ambiguity classes for {ambiguity.Count} words seen >= {NounStatsConstants.AmbiguityMinCount} times; noun lemmas: {lemmas.Summary()}; licence CC BY-SA 4.0.");
        var model = best!.WithDescription(description);
        return (model, bestIteration, devAccuracies);
    }

    private static int ArgMax(ReadOnlySpan<float> scores)
    {
        var best = 0;
        for (var t = 1; t < scores.Length; t++)
        {
            if (scores[t] > scores[best])
            {
                best = t;
            }
        }

        return best;
    }

    private static Dictionary<ulong, byte> BuildTagDictionary(IReadOnlyList<ConlluSentence> train, TagSet tags, TaggerTrainingOptions options)
    {
        var counts = new Dictionary<string, Dictionary<int, int>>(StringComparer.Ordinal);
        foreach (var word in train.SelectMany(s => s.Words))
        {
            if (!counts.TryGetValue(word.Form, out var byTag))
            {
                counts[word.Form] = byTag = [];
            }

            var tag = tags.IndexOf(TagSet.JointOf(word.Upos, word.Xpos));
            byTag[tag] = byTag.GetValueOrDefault(tag) + 1;
        }

        var dictionary = new Dictionary<ulong, byte>();
        foreach (var (form, byTag) in counts.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var total = byTag.Values.Sum();
            var (tag, count) = byTag.OrderByDescending(p => p.Value).ThenBy(p => p.Key).Select(p => (p.Key, p.Value)).First();
            if (total >= options.TagDictionaryMinCount && count >= options.TagDictionaryMinPurity * total)
            {
                dictionary[FeatureHash.Exact(form)] = (byte)tag;
            }
        }

        return dictionary;
    }

    // Lookahead without a second pass: the tags a word takes in train (kept when they reach a small share of its
    // occurrences), for words seen often enough that the class also holds on unseen text.
    private static Dictionary<ulong, ulong> BuildAmbiguityClasses(IReadOnlyList<ConlluSentence> train, TagSet tags)
    {
        var counts = new Dictionary<ulong, int[]>();
        var features = default(WordFeatures);
        foreach (var word in train.SelectMany(s => s.Words))
        {
            WordFeatures.Compute(word.Form, ref features);
            if (!counts.TryGetValue(features.Word, out var byTag))
            {
                counts[features.Word] = byTag = new int[tags.Count];
            }

            byTag[tags.IndexOf(TagSet.JointOf(word.Upos, word.Xpos))]++;
        }

        var classes = new Dictionary<ulong, ulong>();
        foreach (var (word, byTag) in counts.OrderBy(p => p.Key))
        {
            var total = byTag.Sum();
            if (total < NounStatsConstants.AmbiguityMinCount)
            {
                continue;
            }

            var hash = FeatureHash.Seed;
            for (var t = 0; t < byTag.Length; t++)
            {
                if (byTag[t] * NounStatsConstants.AmbiguityMinShareInverse >= total)
                {
                    hash = FeatureHash.Mix(hash ^ (ulong)(t + 1));
                }
            }

            classes[word] = hash;
        }

        return classes;
    }
}
