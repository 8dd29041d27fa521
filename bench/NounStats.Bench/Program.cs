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

// NOUNSTATS_NO_ROWS=1 measures the decoder without the precomputed word rows (every feature probed).
var tagger = Environment.GetEnvironmentVariable("NOUNSTATS_NO_ROWS") == "1" ? new PosTagger(PosTagger.Default.Model.WithWordRows(null)) : PosTagger.Default;
var settings = new NounCountingSettings();
if (Environment.GetEnvironmentVariable("NOUNSTATS_AB") is { Length: > 0 } abDirs)
{
    // NOUNSTATS_AB=DIR_A:DIR_B (two builds' bin folders) compares them in this process, NOUNSTATS_ROUNDS pairs.
    var dirs = abDirs.Split(':');
    BuildAb.Run(dirs[0], dirs[1], captions, seconds, int.TryParse(Environment.GetEnvironmentVariable("NOUNSTATS_ROUNDS"), out var abRounds) ? abRounds : 5);
    return;
}

if (Environment.GetEnvironmentVariable("NOUNSTATS_PROFILE") == "1")
{
    StageProfile.Print(captions, tagger, settings, rounds: 5);
    return;
}

if (Environment.GetEnvironmentVariable("NOUNSTATS_ROWS_AB") == "1")
{
    // Precomputed word rows on and off in one process, interleaved and repeated, so machine load hits both alike.
    // NOUNSTATS_ROWS_WORDS names another word list (one form a line) to try in place of the shipped one.
    var wordList = Environment.GetEnvironmentVariable("NOUNSTATS_ROWS_WORDS");
    var withRows = string.IsNullOrEmpty(wordList) ? tagger : new PosTagger(tagger.Model.WithWordRows(File.ReadAllLines(wordList)));
    var withoutRows = new PosTagger(tagger.Model.WithWordRows(null));
    var rows = withRows.Model.WordRows!;
    var build = Stopwatch.StartNew();
    _ = tagger.Model.WithWordRows(File.ReadAllLines(Path.Combine(FindRepoFile("src"), "NounStats", "Model", "known_words.txt")));
    Console.WriteLine($"word rows: {rows.Count:N0} forms x 5 positions x {rows.Stride} 16-bit sums + tag-history rows = {rows.RowBytes / 1048576.0:F1} MiB; rebuilding the shipped rows took {build.ElapsedMilliseconds} ms");
    var decoder = new SentenceDecoder(withRows.Model);
    var tokenList = new List<DataForge.NounStats.Text.Token>();
    long known = 0, total = 0;
    foreach (var caption in captions)
    {
        tokenList.Clear();
        DataForge.NounStats.Text.UdTokenizer.Instance.Tokenize((caption ?? string.Empty).AsSpan(), tokenList);
        var words = decoder.Prepare(caption, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(tokenList));
        total += tokenList.Count;
        for (var i = 0; i < tokenList.Count; i++)
        {
            known += words[i + 2].Row != 0 ? 1 : 0;
        }
    }

    Console.WriteLine($"tokens with rows: {known:N0} of {total:N0} ({100.0 * known / total:F1} %, caption text as is, not NFKC-normalized)");
    var ratios = new List<double>();
    var roundCount = int.TryParse(Environment.GetEnvironmentVariable("NOUNSTATS_ROUNDS"), out var r) ? r : 5;
    for (var round = 0; round < roundCount; round++)
    {
        var (_, offCpu) = Measure("  rows off", seconds, () => CountAll(withoutRows));
        var (_, onCpu) = Measure("  rows on ", seconds, () => CountAll(withRows));
        ratios.Add(onCpu / offCpu);
    }

    ratios.Sort();
    Console.WriteLine($"rows on / off per CPU-second: median {ratios[ratios.Count / 2]:F3}, min {ratios[0]:F3}, max {ratios[^1]:F3}");
    return;
}

long CountAll(PosTagger t)
{
    var counter = new CaptionNounCounter(t, settings);
    var tally = new NounTally();
    foreach (var caption in captions)
    {
        counter.Count(caption, tally);
    }

    return tally.Tokens;
}

var (single, singleCpu) = Measure("DataForge NounStats, 1 thread", seconds, () =>
{
    var counter = new CaptionNounCounter(tagger, settings);
    var tally = new NounTally();
    foreach (var caption in captions)
    {
        counter.Count(caption, tally);
    }

    return tally.Tokens;
});
if (Environment.GetEnvironmentVariable("NOUNSTATS_SINGLE_ONLY") == "1")
{
    // For interleaved A/B runs of two builds: the single-thread figures are all they compare.
    return;
}

var options = new NounStatsOptions { Parallelism = cores };
using var counters = new ThreadLocal<CaptionNounCounter>(() => new CaptionNounCounter(tagger, settings));
var (all, _) = Measure($"DataForge NounStats, {cores} threads", seconds, () =>
    NounStatsRunner.CountParallel(captions, counters, cores, new int[captions.Length], new int[captions.Length], default).Tokens);

var stopwatch = Stopwatch.StartNew();
var train = ConlluReader.ReadFile(Path.Combine(data, "ud", "UD_English-EWT", "en_ewt-ud-train.conllu"));
var baseline = StringFeaturePerceptron.Train(train, iterations: 1);
Console.WriteLine($"baseline trained (1 pass over EWT train) in {stopwatch.Elapsed.TotalSeconds:F1} s");
var (baselineRate, _) = Measure("Baseline: NLTK-design string-feature perceptron in C#, 1 thread", seconds, () =>
{
    var counts = new Dictionary<string, long>(StringComparer.Ordinal);
    long tokens = 0;
    foreach (var caption in captions)
    {
        tokens += string.IsNullOrEmpty(caption) ? 0 : baseline.CountCaption(caption, counts);
    }

    return tokens;
});

var nltkRate = MeasureNltk(data, captions, seconds);
const double PublishedNltk = 55_000;
Console.WriteLine();
Console.WriteLine($"single-thread: {single:N0} tokens/s");
Console.WriteLine($"all cores    : {all:N0} tokens/s = {all / cores:N0} tokens/s per core");
Console.WriteLine($"ratio vs published NLTK (~55k tokens/s/core, Python): {single / PublishedNltk:F1}x single, {all / cores / PublishedNltk:F1}x per core");
Console.WriteLine($"ratio vs measured in-process baseline ({baselineRate:N0} tokens/s): {single / baselineRate:F1}x");
Console.WriteLine(nltkRate is { } nltk
    ? $"ratio vs NLTK measured in this run ({nltk.Wall:N0} tokens/s, 1 process): {single / nltk.Wall:F1}x single, {all / cores / nltk.Wall:F1}x per core (target >= 20x)"
    : "ratio vs NLTK: not measured (python3 with nltk not found; apt-get install python3-nltk)");
if (nltkRate is { } nltkCpu)
{
    // On a shared machine wall-clock rates mostly measure waiting for a core; CPU time is what each side costs.
    Console.WriteLine($"ratio vs NLTK per CPU-second ({singleCpu:N0} vs {nltkCpu.Cpu:N0} tokens per CPU-s, 1 thread each): {singleCpu / nltkCpu.Cpu:F1}x");
}

// Returns tokens per wall-clock second and per CPU-second of the whole process.
static (double Wall, double Cpu) Measure(string name, double seconds, Func<long> run)
{
    run(); // warm-up (JIT, tiered compilation)
    var cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
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
    var cpuRate = tokens / (Process.GetCurrentProcess().TotalProcessorTime - cpuStart).TotalSeconds;
    Console.WriteLine($"{name}: {rate:N0} tokens/s, {cpuRate:N0} tokens per CPU-s ({rounds} rounds, {tokens:N0} tokens, {stopwatch.Elapsed.TotalSeconds:F1} s)");
    return (rate, cpuRate);
}

// NLTK's own averaged perceptron, trained on EWT train and timed on the same captions in a child process; null when
// no python3 with nltk is found. The Python side prints one JSON line (bench/nounstats_nltk_baseline.py).
static (double Wall, double Cpu)? MeasureNltk(string data, string?[] captions, double seconds)
{
    var script = Path.Combine(FindRepoFile("bench"), "nounstats_nltk_baseline.py");
    var python = new[] { "/usr/bin/python3", "python3" }.FirstOrDefault(p => Run(p, "-c \"import nltk\"", out _) == 0);
    if (python is null)
    {
        return null;
    }

    var file = Path.Combine(Path.GetTempPath(), $"nounstats-bench-{Environment.ProcessId}.txt");
    try
    {
        File.WriteAllLines(file, captions.Select(c => (c ?? string.Empty).ReplaceLineEndings(" ")));
        var train = Path.Combine(data, "ud", "UD_English-EWT", "en_ewt-ud-train.conllu");
        if (Run(python, $"\"{script}\" \"{train}\" \"{file}\" {seconds.ToString(CultureInfo.InvariantCulture)}", out var output) != 0)
        {
            Console.WriteLine($"NLTK baseline failed: {output}");
            return null;
        }

        var result = JsonDocument.Parse(output.Trim().Split('\n')[^1]).RootElement;
        var rate = result.GetProperty("tokens_per_second").GetDouble();
        var cpuRate = result.GetProperty("tokens_per_cpu_second").GetDouble();
        Console.WriteLine($"NLTK {python} averaged perceptron (TreebankWordTokenizer + tag + count), 1 process: {rate:N0} tokens/s, {cpuRate:N0} tokens per CPU-s ({result.GetProperty("rounds").GetInt32()} rounds; trained in {result.GetProperty("train_seconds").GetDouble():F1} s)");
        return (rate, cpuRate);
    }
    finally
    {
        File.Delete(file);
    }
}

static int Run(string fileName, string arguments, out string output)
{
    try
    {
        using var process = Process.Start(new ProcessStartInfo(fileName, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var stderr = process.StandardError.ReadToEndAsync();
        output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            output += stderr.Result;
        }

        return process.ExitCode;
    }
    catch (System.ComponentModel.Win32Exception ex)
    {
        output = ex.Message;
        return -1;
    }
}

static string FindRepoFile(string name)
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (Directory.Exists(Path.Combine(dir.FullName, name)) && File.Exists(Path.Combine(dir.FullName, "Directory.Packages.props")))
        {
            return Path.Combine(dir.FullName, name);
        }
    }

    throw new DirectoryNotFoundException($"{name} not found above {AppContext.BaseDirectory}");
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
