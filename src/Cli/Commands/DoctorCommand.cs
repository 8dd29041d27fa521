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
            var checks = DoctorChecks.Run(parse.GetValue(workDir)!, (long)(parse.GetValue(minFree) * 1024 * 1024 * 1024));
            var table = new Table().AddColumns("Check", "Status", "Detail");
            foreach (var check in checks)
            {
                var status = check.Outcome switch
                {
                    CheckOutcome.Ok => "[green]ok[/]",
                    CheckOutcome.Unavailable => "[yellow]unavailable[/]",
                    _ => "[red]FAILED[/]",
                };
                table.AddRow(Markup.Escape(check.Component), status, Markup.Escape(check.Detail));
            }

            context.Console.Write(table);
            return checks.Any(c => c.Outcome == CheckOutcome.Failed) ? ExitCodes.Environment : ExitCodes.Ok;
        });
        return command;
    }
}
