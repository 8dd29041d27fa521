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
        var runs = new Option<string[]>("--runs") { Description = "Training runs (repeatable): alt (alt-text), dense (captioner), gold (scene-graph captions, the upper bound).", Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = true, DefaultValueFactory = _ => [.. d.Runs] };
        var patch = new Option<int>("--patch-size") { Description = "DiT patch size on the 8×8 latent.", DefaultValueFactory = _ => d.PatchSize };
        var hidden = new Option<int>("--hidden-size") { Description = "DiT width D.", DefaultValueFactory = _ => d.HiddenSize };
        var depth = new Option<int>("--depth") { Description = "DiT blocks.", DefaultValueFactory = _ => d.Depth };
        var heads = new Option<int>("--heads") { Description = "DiT attention heads.", DefaultValueFactory = _ => d.Heads };
        var lr = new Option<double>("--learning-rate") { Description = "AdamW learning rate.", DefaultValueFactory = _ => d.LearningRate };
        var ema = new Option<double?>("--ema-rate") { Description = "EMA decay of the sampled weights (default: fitted so the random start weighs e^-20 at the first evaluation)." };
        var perPrompt = new Option<int>("--samples-per-prompt") { Description = "Images per prompt (different noise); a prompt scores the fraction judged correct.", DefaultValueFactory = _ => d.SamplesPerPrompt };
        var command = new Command("experiment", "Train the same DiT on alt-text, dense and gold captions, sample held-out prompts with each, and judge them with the analytic detector.")
        {
            output, count, seed, model, vae, text, tiny, channels, tokens, truncated, steps, evaluations, batch, prompts, samplerSteps, cfg,
            runs, patch, hidden, depth, heads, lr, ema, perPrompt,
        };
        command.SetAction(async (parse, ct) =>
        {
            var options = new ExperimentOptions
            {
                OutputDirectory = parse.GetValue(output)!, Count = parse.GetValue(count), Seed = parse.GetValue(seed), CaptionerDirectory = parse.GetValue(model),
                VaeDirectory = parse.GetValue(vae), TextEncoderDirectory = parse.GetValue(text), TinyRandomModels = parse.GetValue(tiny),
                CaptionChannels = parse.GetValue(channels), Tokens = parse.GetValue(tokens), MaxTruncatedFraction = parse.GetValue(truncated), TrainSteps = parse.GetValue(steps), Evaluations = parse.GetValue(evaluations), BatchSize = parse.GetValue(batch),
                Prompts = parse.GetValue(prompts), SamplerSteps = parse.GetValue(samplerSteps), GuidanceScale = parse.GetValue(cfg),
                PatchSize = parse.GetValue(patch), HiddenSize = parse.GetValue(hidden), Depth = parse.GetValue(depth), Heads = parse.GetValue(heads),
                LearningRate = parse.GetValue(lr), EmaRate = parse.GetValue(ema), SamplesPerPrompt = parse.GetValue(perPrompt),
            };
            options.Runs.Clear();
            foreach (var run in parse.GetValue(runs)!.SelectMany(r => r.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
            {
                options.Runs.Add(run);
            }

            options.Validate();
            var report = await context.RunWithProgressAsync("shapeworld experiment", p => new ExperimentRunner(options, context.LoggerFactory).RunAsync(p, ct)).ConfigureAwait(false);
            await context.Output.WriteLineAsync(await File.ReadAllTextAsync(report.Markdown, ct).ConfigureAwait(false)).ConfigureAwait(false);
            await context.Output.WriteLineAsync($"report: {report.Markdown}").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}
