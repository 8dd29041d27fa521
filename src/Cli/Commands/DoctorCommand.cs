using System.CommandLine;
using DataForge.Cli.Doctor;
using DataForge.Core.Diagnostics;
using DataForge.Core.Errors;
using Spectre.Console;

namespace DataForge.Cli.Commands;

/// <summary><c>dataforge doctor</c>: what works on this host, and the real reason for what does not.</summary>
public static class DoctorCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="context">CLI context.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        var workDir = new Option<string>("--work-dir") { Description = "Folder whose free disk space is checked.", DefaultValueFactory = _ => "." };
        var minFree = new Option<double>("--min-free-gb") { Description = "Fail when less disk than this is free.", DefaultValueFactory = _ => 1.0 };
        var command = new Command("doctor", "Check .NET, TorchSharp, ONNX Runtime (CPU and CUDA), SkiaSharp and disk; exit 3 when something required is broken.")
        {
            workDir, minFree,
        };
        command.SetAction(parse =>
        {
            var folder = parse.GetValue(workDir)!;
            if (!Directory.Exists(folder))
            {
                throw new OptionsValidationException("--work-dir", File.Exists(folder) ? $"{folder} is a file, not a folder" : $"{folder} does not exist");
            }

            var checks = DoctorChecks.Run(folder, (long)(parse.GetValue(minFree) * 1024 * 1024 * 1024));
            var table = new Table().AddColumns("Check", "Status", "Detail");
            foreach (var check in checks)
            {
                var status = check.Outcome switch
                {
                    CheckOutcome.Ok => "[green]ok[/]",
                    CheckOutcome.Unavailable => "[yellow]unavailable[/]",
                    _ => "[red]FAILED[/]",
                };
                var package = LibraryPackages.For(check.Detail) is { } missing ? $" (install {missing.Package} for {missing.Library})" : "";
                table.AddRow(Markup.Escape(check.Component), status, Markup.Escape(check.Detail + package));
            }

            context.Console.Write(table);
            var verdict = Verdict(checks);
            context.Console.WriteLine(verdict);
            return checks.Any(c => c.Outcome == CheckOutcome.Failed) ? ExitCodes.Environment : ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The one-line verdict printed after the checks.</summary>
    /// <param name="checks">The checks.</param>
    /// <returns>"verdict: ready …" or "verdict: NOT ready …", naming what is off or broken.</returns>
    internal static string Verdict(IReadOnlyList<EnvironmentCheck> checks)
    {
        var failed = checks.Where(c => c.Outcome == CheckOutcome.Failed).Select(c => c.Component).ToList();
        var unavailable = checks.Where(c => c.Outcome == CheckOutcome.Unavailable).Select(c => c.Component).ToList();
        if (failed.Count > 0)
        {
            return $"verdict: NOT ready: {string.Join(", ", failed)} failed (see the table); exit 3";
        }

        return unavailable.Count == 0
            ? "verdict: ready, every check passed"
            : $"verdict: ready; not available here (optional): {string.Join(", ", unavailable)}";
    }
}
