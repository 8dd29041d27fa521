using System.Diagnostics;
using System.Runtime.InteropServices;
using DataForge.TestUtils;

namespace DataForge.Cli.Tests;

/// <summary>Runs the built <c>dataforge</c> as a real process (stdout redirected, so no live display), and sends it signals.</summary>
internal static class CliProcess
{
    public const int SigInt = 2;
    public const int SigUsr1 = 10;
    public const int SigTerm = 15;

    public static Process Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(RepoPaths.CliAssembly);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return Process.Start(info) ?? throw new InvalidOperationException("could not start dataforge");
    }

    /// <summary>Waits for the process and returns its exit code, stdout and stderr.</summary>
    public static async Task<(int Code, string Output, string Error)> FinishAsync(Process process)
    {
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    public static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var process = Start(args);
        return await FinishAsync(process);
    }

    public static void Signal(Process process, int signal)
    {
        if (Kill(process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int signal);
}
