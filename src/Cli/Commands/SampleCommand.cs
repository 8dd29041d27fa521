using System.CommandLine;
using DataForge.Core.Errors;
using DataForge.Trainer.Model;
using DataForge.Trainer.Training;
using DataForge.Trainer.Sampling;

namespace DataForge.Cli.Commands;

/// <summary><c>dataforge sample</c>: text to image with a trained checkpoint.</summary>
public static class SampleCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="context">CLI context.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        var defaults = new SampleOptions();
        var checkpoint = new Option<string>("--checkpoint") { Description = "DataForge checkpoint or run folder (its latest), official PixArt-α .pth, safetensors file, or diffusers folder (transformer/).", Required = true };
        var config = new Option<string?>("--config") { Description = "Model configuration for .pth/safetensors files: a stage config (configs/pixart/*.json) or a preset (XL2_256, XL2_512, XL2_1024MS)." };
        var models = new Option<string>("--model") { Description = "Exported diffusion model folder (text_encoder/, tokenizer/, vae_decoder/).", Required = true };
        var prompts = new Option<string[]>("--prompt") { Description = "Prompt (repeatable); one image each.", Required = true, Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--output", "-o") { Description = "Folder for the PNGs and index.json (prompt, seed, sampler and checkpoint of each file).", DefaultValueFactory = _ => defaults.OutputDirectory };
        var sampler = new Option<string>("--sampler") { Description = "dpm-solver (DPM-Solver++ 2M) or iddpm.", DefaultValueFactory = _ => defaults.Sampler };
        sampler.AcceptOnlyFromAmong("dpm-solver", "iddpm");
        var steps = new Option<int?>("--steps") { Description = "Sampler steps (default 20 for dpm-solver, 100 for iddpm)." };
        var cfg = new Option<double>("--cfg") { Description = "Classifier-free guidance scale.", DefaultValueFactory = _ => defaults.GuidanceScale };
        var seed = new Option<int>("--seed") { Description = "Seed of the initial noise.", DefaultValueFactory = _ => defaults.Seed };
        var live = new Option<bool>("--no-ema") { Description = "Sample with the live weights instead of the EMA." };
        var noGrid = new Option<bool>("--no-grid") { Description = "Do not write grid.png." };
        var command = new Command("sample", "Generate images from prompts with a trained checkpoint: T5, classifier-free guidance, DPM-Solver++ or IDDPM, VAE decoder.")
        {
            checkpoint, config, models, prompts, output, sampler, steps, cfg, seed, live, noGrid,
        };
        command.SetAction(async (parse, ct) =>
        {
            var options = new SampleOptions
            {
                Checkpoint = parse.GetValue(checkpoint)!,
                Model = parse.GetValue(config) is { } named ? ModelConfig(named) : null,
                ModelDirectory = parse.GetValue(models)!,
                OutputDirectory = parse.GetValue(output)!,
                Sampler = parse.GetValue(sampler)!,
                Steps = parse.GetValue(steps),
                GuidanceScale = parse.GetValue(cfg),
                Seed = parse.GetValue(seed),
                UseEma = !parse.GetValue(live),
                Grid = !parse.GetValue(noGrid),
            };
            options.Prompts.AddRange(parse.GetValue(prompts) ?? []);
            var written = await context.RunWithProgressAsync("sample", p => Task.Run(() => SamplingRunner.Run(options, p, ct), ct)).ConfigureAwait(false);
            foreach (var path in written)
            {
                await context.Output.WriteLineAsync(path).ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static PixArtConfig ModelConfig(string named) =>
        File.Exists(named) ? TrainConfigFile.Load(named).ToOptions(".").Model : PixArtConfig.Preset(named);
}
