using DataForge.Cli;

namespace DataForge.Cluster.Tests;

/// <summary>Runs <c>dataforge</c> in-process with captured output.</summary>
internal static class Cli
{
    public static async Task<(int ExitCode, string Output)> RunAsync(params IEnumerable<string> args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApplication.RunAsync([.. args], output, error);
        return (code, output + error.ToString());
    }

    public static async Task<string> RunOkAsync(params IEnumerable<string> args)
    {
        var list = args.ToList();
        var (code, output) = await RunAsync(list);
        Assert.True(code is 0 or 1, $"dataforge {string.Join(' ', list)} exited {code}:\n{output}");
        return output;
    }
}
