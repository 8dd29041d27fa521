using System.CommandLine;
using DataForge.Core.Errors;
using DataForge.Trainer.Checkpoints;
using DataForge.Trainer.Runtime;

namespace DataForge.Cli.Commands;

/// <summary><c>dataforge export</c>: write a DataForge checkpoint in the official PixArt-α, diffusers or safetensors layout.</summary>
public static class ExportCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="context">CLI context.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        var input = new Option<string>("--input", "-i") { Description = "DataForge checkpoint folder, or a run folder (its latest checkpoint).", Required = true };
        var output = new Option<string>("--output", "-o") { Description = "Destination: a file for pixart/safetensors, a folder (gets transformer/) for diffusers.", Required = true };
        var format = new Option<ExportFormat>("--format") { Description = "PixArt (official .pth, strict load_state_dict), Diffusers (PixArtTransformer2DModel.from_pretrained), or Safetensors (official names).", DefaultValueFactory = _ => ExportFormat.PixArt };
        var noEma = new Option<bool>("--no-ema") { Description = "Export the raw (live) weights instead of the EMA (default: EMA)." };
        var command = new Command("export", "Write a DataForge checkpoint as the official PixArt-α .pth, a diffusers transformer folder, or safetensors (EMA weights by default).")
        {
            input, output, format, noEma,
        };
        command.SetAction(async (parse, ct) =>
        {
            TorchRuntime.EnsureLoaded();
            var useEma = !parse.GetValue(noEma);
            var written = await Task.Run(() => CheckpointExporter.Export(parse.GetValue(input)!, parse.GetValue(output)!, parse.GetValue(format), useEma), ct).ConfigureAwait(false);
            foreach (var path in written)
            {
                await context.Output.WriteLineAsync(path).ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
