using System.CommandLine;
using DataForge.Cli.Demo;
using DataForge.Cli.Experiment;
using DataForge.Core.Errors;

namespace DataForge.Cli.Commands;

/// <summary><c>dataforge shapeworld experiment</c>: issue #16's alt-text against dense-caption training run, end to end.</summary>
public static class ShapeWorldExperimentCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="context">CLI context.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        var d = new ExperimentOptions();
        var output = new Option<string>("--output", "-o") { Description = "Work folder for every output (replaced only when an earlier experiment made it).", Required = true };
        var count = new Option<int>("--count") { Description = "Training scenes.", DefaultValueFactory = _ => d.Count };
        var seed = new Option<int>("--seed") { Description = "Seed of scenes, prompts, training and sampling.", DefaultValueFactory = _ => d.Seed };
        var model = new Option<string?>("--model") { Description = $"Captioning model folder (default: the shipped {ShippedCaptioner.RelativePath})." };
        var vae = new Option<string?>("--vae") { Description = "VAE folder with vae_encoder/ and vae_decoder/ (ONNX)." };
        var text = new Option<string?>("--text-encoder") { Description = "Text-encoder folder with text_encoder/ (ONNX) and tokenizer/." };
        var tiny = new Option<bool>("--tiny-random-models") { Description = "Use tiny random VAE and text encoder instead: checks the pipeline only; the figures mean nothing." };
        var channels = new Option<int>("--caption-channels") { Description = "Text encoder output width.", DefaultValueFactory = _ => d.CaptionChannels };
        var tokens = new Option<int>("--tokens") { Description = "Caption tokens.", DefaultValueFactory = _ => d.Tokens };
        var truncated = new Option<double>("--max-truncated") { Description = "Largest fraction of a caption column cut to --tokens before the run is refused.", DefaultValueFactory = _ => d.MaxTruncatedFraction };
        var steps = new Option<int>("--train-steps") { Description = "Training steps of each run.", DefaultValueFactory = _ => d.TrainSteps };
        var evaluations = new Option<int>("--evaluations") { Description = "Evenly spaced step counts at which each run is sampled and judged (the last is the end).", DefaultValueFactory = _ => d.Evaluations };
        var batch = new Option<int>("--batch-size") { Description = "Training batch size.", DefaultValueFactory = _ => d.BatchSize };
        var prompts = new Option<int>("--prompts") { Description = "Held-out prompts.", DefaultValueFactory = _ => d.Prompts };
        var samplerSteps = new Option<int>("--sampler-steps") { Description = "DPM-Solver++ steps per sample.", DefaultValueFactory = _ => d.SamplerSteps };
        var cfg = new Option<double>("--cfg") { Description = "Classifier-free guidance scale.", DefaultValueFactory = _ => d.GuidanceScale };
        var command = new Command("experiment", "Train the same DiT on alt-text and on dense captions, sample held-out prompts with both, and judge them with the analytic detector.")
        {
            output, count, seed, model, vae, text, tiny, channels, tokens, truncated, steps, evaluations, batch, prompts, samplerSteps, cfg,
        };
        command.SetAction(async (parse, ct) =>
        {
            var options = new ExperimentOptions
            {
                OutputDirectory = parse.GetValue(output)!, Count = parse.GetValue(count), Seed = parse.GetValue(seed), CaptionerDirectory = parse.GetValue(model),
                VaeDirectory = parse.GetValue(vae), TextEncoderDirectory = parse.GetValue(text), TinyRandomModels = parse.GetValue(tiny),
                CaptionChannels = parse.GetValue(channels), Tokens = parse.GetValue(tokens), MaxTruncatedFraction = parse.GetValue(truncated), TrainSteps = parse.GetValue(steps), Evaluations = parse.GetValue(evaluations), BatchSize = parse.GetValue(batch),
                Prompts = parse.GetValue(prompts), SamplerSteps = parse.GetValue(samplerSteps), GuidanceScale = parse.GetValue(cfg),
            };
            options.Validate();
            var report = await context.RunWithProgressAsync("shapeworld experiment", p => new ExperimentRunner(options, context.LoggerFactory).RunAsync(p, ct)).ConfigureAwait(false);
            await context.Output.WriteLineAsync(await File.ReadAllTextAsync(report.Markdown, ct).ConfigureAwait(false)).ConfigureAwait(false);
            await context.Output.WriteLineAsync($"report: {report.Markdown}").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}
