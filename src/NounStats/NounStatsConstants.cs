namespace DataForge.NounStats;

/// <summary>Default values of the NounStats options, in one place.</summary>
public static class NounStatsConstants
{
    /// <summary>VN counts nouns seen strictly more than this many times (PixArt-α: "more than 10 times").</summary>
    public const int DefaultValidThreshold = 10;

    /// <summary>Default sample size, in noun occurrences, of VN at a fixed sample size (about 16K alt-texts or 4K dense captions).</summary>
    public const long DefaultSampleNouns = 100_000;

    /// <summary>Default number of top nouns reported.</summary>
    public const int DefaultTopK = 50;

    /// <summary>Default largest bucket of the nouns-per-caption histogram; longer captions fall into it.</summary>
    public const int DefaultHistogramMax = 100;

    /// <summary>Default most training passes of the tagger.</summary>
    public const int DefaultMaxIterations = 12;

    /// <summary>Default seed of the tagger's training shuffle.</summary>
    public const int DefaultTrainingSeed = 1;

    /// <summary>Default minimum train frequency for the tag dictionary (Catalyst and NLTK use 20).</summary>
    public const int DefaultTagDictionaryMinCount = 20;

    /// <summary>Default minimum majority-tag share for the tag dictionary (NLTK's 97 %).</summary>
    public const double DefaultTagDictionaryMinPurity = 0.97;

    /// <summary>How often a word must occur in train to get an ambiguity class (the tags it takes).</summary>
    public const int AmbiguityMinCount = 3;

    /// <summary>A tag enters a word's ambiguity class when it has at least 1/N of the word's occurrences.</summary>
    public const int AmbiguityMinShareInverse = 20;

    /// <summary>Default captions per batch handed to one worker.</summary>
    public const int DefaultBatchSize = 1024;
}
