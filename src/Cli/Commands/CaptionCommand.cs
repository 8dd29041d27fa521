using System.CommandLine;
using DataForge.Captioner;
using DataForge.Captioner.Generation;
using DataForge.Captioner.Models;
using DataForge.Cli.Common;
using DataForge.Core.Errors;

namespace DataForge.Cli.Commands;

/// <summary><c>dataforge caption</c>: dense captions for image shards with a LLaVA-family ONNX model.</summary>
public static class CaptionCommand
{
    private static readonly CaptionOptions Defaults = new();

    /// <summary>Creates the command.</summary>
    /// <param name="context">CLI context.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        var model = new Option<string>("--model") { Description = "Model folder in the onnx-community layout (config JSON + onnx/vision_encoder, embed_tokens, decoder_model_merged).", Required = true };
        var shards = new Option<string>("--input", "-i") { Description = "Folder of image shards to caption (NNNNN.parquet with NNNNN_stats.json).", Required = true };
        var inputManifest = new Option<string?>("--input-manifest") { Description = "Manifest of the input shards; recorded as the output's derived_from." };
        var datasetName = new Option<string?>("--dataset-name") { Description = "Output dataset name (default: input name + -captioned)." };
        var modelId = new Option<string?>("--model-id") { Description = "Model id written to caption_model (default: config.json _name_or_path, else the folder name)." };
        var prompt = new Option<string>("--prompt") { Description = "Prompt template; {caption} is replaced by the row's original caption.", DefaultValueFactory = _ => Defaults.Prompt };
        var batchSize = new Option<int>("--batch-size", "-b") { Description = "Rows per model batch (halved automatically on allocation failure).", DefaultValueFactory = _ => Defaults.BatchSize };
        var prefetch = new Option<int>("--prefetch") { Description = "Preprocessed images held ready ahead of the model.", DefaultValueFactory = _ => Defaults.PrefetchImages };
        var maxPixels = new Option<long>("--max-decoded-pixels") { Description = "Decompression-bomb limit per image (width x height x frames, read from the header); a bigger image fails its row.", DefaultValueFactory = _ => Defaults.MaxDecodedPixels };
        var dtype = new Option<string?>("--dtype") { Description = "Graph dtype variant: fp32, fp16, q4f16, q4, int8, … or per graph, e.g. decoder_model_merged:q4." };
        var device = new Option<ExecutionProviderKind>("--device") { Description = "Auto (CUDA when usable, else CPU with the reason logged), Cpu or Cuda.", DefaultValueFactory = _ => Defaults.Model.ExecutionProvider };
        var deviceId = new Option<int>("--device-id") { Description = "CUDA device ordinal.", DefaultValueFactory = _ => Defaults.Model.DeviceId };
        var maxNew = new Option<int>("--max-new-tokens") { Description = "Maximum generated tokens per caption.", DefaultValueFactory = _ => Defaults.Generation.MaxNewTokens };
        var temperature = new Option<float>("--temperature") { Description = "Sampling temperature; 0 is greedy.", DefaultValueFactory = _ => Defaults.Generation.Temperature };
        var topP = new Option<float>("--top-p") { Description = "Nucleus sampling mass.", DefaultValueFactory = _ => Defaults.Generation.TopP };
        var topK = new Option<int>("--top-k") { Description = "Keep the k most likely tokens when sampling; 0 keeps all.", DefaultValueFactory = _ => Defaults.Generation.TopK };
        var repetition = new Option<float>("--repetition-penalty") { Description = "Penalty on already generated tokens; 1 disables.", DefaultValueFactory = _ => Defaults.Generation.RepetitionPenalty };
        var noRepeat = new Option<int>("--no-repeat-ngram-size") { Description = "N-gram size that may not repeat in a caption; 0 disables.", DefaultValueFactory = _ => Defaults.Generation.NoRepeatNgramSize };
        var stop = new Option<string[]>("--stop") { Description = "Stop string (repeatable); the caption is cut before it." };
        var stopToken = new Option<long[]>("--stop-token") { Description = "Stop token id (repeatable)." };
        var noLoop = new Option<bool>("--no-loop-detection") { Description = "Do not cut and flag repetition loops." };
        var run = new StageRunOptionsBinding(CaptionConstants.OutputDirectory);
        var command = new Command("caption", "Write dense captions beside every row of image shards (new columns dense_caption, caption_model, caption_prompt, caption_tokens, caption_finish_reason, caption_seconds, caption_status, caption_error).")
        {
            model, shards, inputManifest, datasetName, modelId, prompt, batchSize, prefetch, maxPixels, dtype, device, deviceId, maxNew, temperature, topP,
            topK, repetition, noRepeat, stop, stopToken, noLoop,
        };
        run.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var runOptions = run.Bind(parse);
            var options = new CaptionOptions
            {
                ModelDirectory = parse.GetValue(model)!,
                InputDirectory = parse.GetValue(shards)!,
                InputManifest = parse.GetValue(inputManifest),
                DatasetName = parse.GetValue(datasetName),
                ModelId = parse.GetValue(modelId),
                Prompt = parse.GetValue(prompt)!,
                BatchSize = parse.GetValue(batchSize),
                PrefetchImages = parse.GetValue(prefetch),
                MaxDecodedPixels = parse.GetValue(maxPixels),
                Model = new ModelLoadOptions { Dtype = parse.GetValue(dtype), ExecutionProvider = parse.GetValue(device), DeviceId = parse.GetValue(deviceId) },
                Generation = new GenerationOptions
                {
                    MaxNewTokens = parse.GetValue(maxNew),
                    Temperature = parse.GetValue(temperature),
                    TopP = parse.GetValue(topP),
                    TopK = parse.GetValue(topK),
                    RepetitionPenalty = parse.GetValue(repetition),
                    NoRepeatNgramSize = parse.GetValue(noRepeat),
                    StopStrings = parse.GetValue(stop) ?? [],
                    StopTokenIds = parse.GetValue(stopToken) ?? [],
                    LoopDetection = !parse.GetValue(noLoop),
                    Seed = runOptions.Seed,
                },
                Run = runOptions,
            };
            var runner = new CaptionRunner(options, context.LoggerFactory);
            var summary = await context.RunWithProgressAsync("caption", p => runner.RunAsync(p, ct)).ConfigureAwait(false);
            await context.Output.WriteLineAsync(
                $"captioned {summary.Captioned} of {summary.Rows} rows in {summary.ShardsCaptioned} shards ({summary.ShardsAlreadyDone} already done), " +
                $"{summary.Failed} failed, {summary.Skipped} skipped, {summary.Tokens} tokens{(summary.BatchHalvings > 0 ? $", batch halved {summary.BatchHalvings}x" : "")}: {summary.OutputDirectory}")
                .ConfigureAwait(false);
            if (summary.ManifestPath is not null)
            {
                await context.Output.WriteLineAsync($"manifest: {summary.ManifestPath}").ConfigureAwait(false);
            }

            if (summary.Rows > 0 && summary.Captioned == 0)
            {
                await context.Error.WriteLineAsync($"error: none of the {summary.Rows} rows this run read got a caption ({summary.Failed} failed, {summary.Skipped} skipped); nothing for the next stage").ConfigureAwait(false);
                return ExitCodes.AllRowsFailed;
            }

            return summary.Failed > 0 ? ExitCodes.FailedRows : ExitCodes.Ok;
        });
        return command;
    }
}
