using System.Diagnostics;
using System.Reflection;
using System.Runtime.Loader;

namespace DataForge.NounStats.Bench;

/// <summary>
/// Two builds of DataForge.NounStats in one process (each in its own load context), timed alternately on the same
/// captions: on a shared machine, load hits both alike, which separate processes minutes apart do not guarantee.
/// </summary>
internal static class BuildAb
{
    /// <summary>Alternates the builds in <paramref name="dirA"/> and <paramref name="dirB"/> <paramref name="rounds"/> times; prints B/A per CPU-second.</summary>
    public static void Run(string dirA, string dirB, string?[] captions, double seconds, int rounds)
    {
        var a = Load(dirA, captions);
        var b = Load(dirB, captions);
        var digestA = Digest(dirA, captions);
        var digestB = Digest(dirB, captions);
        Console.WriteLine($"A digest {digestA}\nB digest {digestB}\n{(digestA == digestB ? "tags and noun counts IDENTICAL" : "tags or noun counts DIFFER")}");
        var ratios = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            var cpuA = Measure($"  A {dirA}", seconds, a);
            var cpuB = Measure($"  B {dirB}", seconds, b);
            ratios.Add(cpuB / cpuA);
        }

        ratios.Sort();
        Console.WriteLine($"B / A tokens per CPU-second: median {ratios[ratios.Count / 2]:F3}, min {ratios[0]:F3}, max {ratios[^1]:F3}, B faster in {ratios.Count(r => r > 1)} of {ratios.Count}");
    }

    // The digest NounStats.Tests' TagsAndCountsGoldenTests pins: every token's UPOS/XPOS over the captions, and the
    // noun tally (key, count) under the default settings, each as a SHA-256.
    private static string Digest(string dir, string?[] captions)
    {
        var assembly = AppDomain.CurrentDomain.GetAssemblies().Single(a => a.GetName().Name == "DataForge.NounStats" && Path.GetDirectoryName(a.Location) == Path.GetFullPath(dir).TrimEnd('/'));
        var taggerType = assembly.GetType("DataForge.NounStats.Tagging.PosTagger", true)!;
        var tagger = taggerType.GetProperty("Default")!.GetValue(null);
        var tag = taggerType.GetMethod("Tag")!;
        var nfkc = Enum.ToObject(tag.GetParameters()[1].ParameterType, tag.GetParameters()[1].DefaultValue!);
        var tags = new System.Text.StringBuilder();
        foreach (var caption in captions)
        {
            if (string.IsNullOrEmpty(caption))
            {
                continue;
            }

            foreach (var word in (System.Collections.IEnumerable)tag.Invoke(tagger, [caption, nfkc])!)
            {
                var type = word.GetType();
                tags.Append(type.GetProperty("Upos")!.GetValue(word)).Append('/').Append(type.GetProperty("Xpos")!.GetValue(word)).Append(' ');
            }

            tags.Append('\n');
        }

        var run = Load(dir, captions, out var tally);
        run();
        var counts = (System.Collections.Generic.IReadOnlyDictionary<string, long>)tally().GetType().GetProperty("Counts")!.GetValue(tally())!;
        var nouns = string.Concat(counts.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}\t{p.Value}\n"));
        return $"tags {Sha256(tags.ToString())} nouns {Sha256(nouns)} ({counts.Count} keys, {counts.Values.Sum()} nouns)";
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));

    private static Func<long> Load(string dir, string?[] captions) => Load(dir, captions, out _);

    // One pass over the captions with a fresh counter and tally, as the single-thread figure does; calls go through
    // reflection (one call per caption, well under 1% of a caption's cost) because the types are the other build's.
    private static Func<long> Load(string dir, string?[] captions, out Func<object> lastTally)
    {
        var assembly = AppDomain.CurrentDomain.GetAssemblies().SingleOrDefault(a => a.GetName().Name == "DataForge.NounStats" && Path.GetDirectoryName(a.Location) == Path.GetFullPath(dir).TrimEnd('/'))
            ?? new DirectoryLoadContext(dir).LoadFromAssemblyPath(Path.GetFullPath(Path.Combine(dir, "DataForge.NounStats.dll")));
        var tagger = assembly.GetType("DataForge.NounStats.Tagging.PosTagger", true)!.GetProperty("Default")!.GetValue(null);
        var settingsType = assembly.GetType("DataForge.NounStats.Counting.NounCountingSettings", true)!;
        var settings = settingsType.GetConstructors()[0] is var ctor ? ctor.Invoke(ctor.GetParameters().Select(p => p.DefaultValue).ToArray()) : null;
        var counterType = assembly.GetType("DataForge.NounStats.Counting.CaptionNounCounter", true)!;
        var tallyType = assembly.GetType("DataForge.NounStats.Counting.NounTally", true)!;
        var count = counterType.GetMethod("Count")!;
        var tokens = tallyType.GetProperty("Tokens")!;
        object? tally = null;
        lastTally = () => tally!;
        return () =>
        {
            var counter = Activator.CreateInstance(counterType, BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic, null, [tagger, settings], null);
            tally = Activator.CreateInstance(tallyType);
            var args = new object?[] { null, tally };
            foreach (var caption in captions)
            {
                args[0] = caption;
                count.Invoke(counter, args);
            }

            return (long)tokens.GetValue(tally)!;
        };
    }

    private static double Measure(string name, double seconds, Func<long> run)
    {
        run();
        var cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
        var stopwatch = Stopwatch.StartNew();
        long tokens = 0;
        do
        {
            tokens += run();
        }
        while (stopwatch.Elapsed.TotalSeconds < seconds);
        var cpu = tokens / (Process.GetCurrentProcess().TotalProcessorTime - cpuStart).TotalSeconds;
        Console.WriteLine($"{name}: {tokens / stopwatch.Elapsed.TotalSeconds:N0} tokens/s, {cpu:N0} tokens per CPU-s");
        return cpu;
    }

    // Loads the build's own DataForge assemblies from its folder; everything else resolves as usual.
    private sealed class DirectoryLoadContext(string dir) : AssemblyLoadContext(isCollectible: false)
    {
        protected override Assembly? Load(AssemblyName name)
        {
            var path = Path.Combine(dir, name.Name + ".dll");
            return name.Name!.StartsWith("DataForge.", StringComparison.Ordinal) && File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }
    }
}
