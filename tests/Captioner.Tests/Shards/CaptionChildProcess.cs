using DataForge.Captioner.Models;
using DataForge.Core.Progress;

namespace DataForge.Captioner.Tests.Shards;

/// <summary>
/// The test assembly's entry point. Under the test runner it is never called; started as
/// <c>dotnet DataForge.Captioner.Tests.dll caption-child MODEL INPUT OUTPUT MANIFESTS</c> it runs the caption stage and
/// prints "completed N" after every batch, so a test can kill it part-way through a shard.
/// </summary>
public static class CaptionChildProcess
{
    public const string Verb = "caption-child";

    public static async Task<int> Main(string[] args)
    {
        if (args.Length != 5 || args[0] != Verb)
        {
            return 2;
        }

        var options = new CaptionOptions
        {
            ModelDirectory = args[1],
            InputDirectory = args[2],
            BatchSize = 1,
            PrefetchImages = 2,
            Model = new ModelLoadOptions { ExecutionProvider = ExecutionProviderKind.Cpu },
            Run = new() { OutputDirectory = args[3], ManifestDirectory = args[4], Parallelism = 1 },
        };
        // Each report pauses the child briefly, so the parent's kill always lands before shard 1 can finish,
        // however late the parent reads the line.
        var progress = new SynchronousProgress(p =>
        {
            Console.Out.WriteLine($"completed {p.Completed}");
            Thread.Sleep(100);
        });
        Console.Out.Flush();
        await new CaptionRunner(options).RunAsync(progress);
        Console.Out.WriteLine("finished");
        return 0;
    }
}
