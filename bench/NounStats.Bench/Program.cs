using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DataForge.Core.Shards;
using DataForge.NounStats;
using DataForge.NounStats.Bench;
using DataForge.NounStats.Conllu;
using DataForge.NounStats.Counting;
using DataForge.NounStats.Tagging;

// End-to-end NounStats throughput: tokenize, tag, lemmatize, count, on LAION test_10000 TEXT plus the dense captions.
var data = args.Length > 0 ? args[0] : FindSharedData();
var seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 5.0;
var laion = (await ShardFileReader.ReadTableAsync(Path.Combine(data, "laion", "test_10000.parquet"), ["TEXT"])).Get<string>("TEXT");
var dense = File.ReadLines(Path.Combine(data, "captions", "derived_detail_captions.jsonl"))
    .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("caption").GetString()).ToArray();
string?[] captions = [.. laion, .. dense];
var cores = Environment.ProcessorCount;
Console.WriteLine($"captions: {captions.Length} (LAION test_10000 TEXT + {dense.Length} dense); cores: {cores}; {RuntimeInfo()}");

var tagger = PosTagger.Default;
var settings = new NounCountingSettings();
var single = Measure("DataForge NounStats, 1 thread", seconds, () =>
{
    var counter = new CaptionNounCounter(tagger, settings);
    var tally = new NounTally();
    foreach (var caption in captions)
    {
        counter.Count(caption, tally);
    }

    return tally.Tokens;
});
var options = new NounStatsOptions { Parallelism = cores };
using var counters = new ThreadLocal<CaptionNounCounter>(() => new CaptionNounCounter(tagger, settings));
var all = Measure($"DataForge NounStats, {cores} threads", seconds, () =>
    NounStatsRunner.CountParallel(captions, counters, cores, new int[captions.Length], new int[captions.Length], default).Tokens);

var stopwatch = Stopwatch.StartNew();
var train = ConlluReader.ReadFile(Path.Combine(data, "ud", "UD_English-EWT", "en_ewt-ud-train.conllu"));
var baseline = StringFeaturePerceptron.Train(train, iterations: 1);
Console.WriteLine($"baseline trained (1 pass over EWT train) in {stopwatch.Elapsed.TotalSeconds:F1} s");
var baselineRate = Measure("Baseline: NLTK-design string-feature perceptron in C#, 1 thread", seconds, () =>
{
    var counts = new Dictionary<string, long>(StringComparer.Ordinal);
    long tokens = 0;
    foreach (var caption in captions)
    {
        tokens += string.IsNullOrEmpty(caption) ? 0 : baseline.CountCaption(caption, counts);
    }

    return tokens;
});

const double PublishedNltk = 55_000;
Console.WriteLine();
Console.WriteLine($"single-thread: {single:N0} tokens/s");
Console.WriteLine($"all cores    : {all:N0} tokens/s = {all / cores:N0} tokens/s per core");
Console.WriteLine($"ratio vs published NLTK (~55k tokens/s/core, Python): {single / PublishedNltk:F1}x single, {all / cores / PublishedNltk:F1}x per core");
Console.WriteLine($"ratio vs measured in-process baseline ({baselineRate:N0} tokens/s): {single / baselineRate:F1}x");

static double Measure(string name, double seconds, Func<long> run)
{
    run(); // warm-up (JIT, tiered compilation)
    var stopwatch = Stopwatch.StartNew();
    long tokens = 0;
    var rounds = 0;
    do
    {
        tokens += run();
        rounds++;
    }
    while (stopwatch.Elapsed.TotalSeconds < seconds);
    var rate = tokens / stopwatch.Elapsed.TotalSeconds;
    Console.WriteLine($"{name}: {rate:N0} tokens/s ({rounds} rounds, {tokens:N0} tokens, {stopwatch.Elapsed.TotalSeconds:F1} s)");
    return rate;
}

static string FindSharedData()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        var candidate = Path.Combine(dir.FullName, "shared", "data");
        if (Directory.Exists(candidate))
        {
            return candidate;
        }
    }

    throw new DirectoryNotFoundException("shared/data not found above " + AppContext.BaseDirectory + "; pass its path as the first argument");
}

static string RuntimeInfo() => $".NET {Environment.Version}, {System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture}";
