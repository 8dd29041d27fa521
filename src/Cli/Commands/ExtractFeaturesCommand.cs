using System.CommandLine;
using DataForge.Cli.Common;
using DataForge.Core.Errors;
using DataForge.Trainer.Features;

namespace DataForge.Cli.Commands;

/// <summary><c>dataforge extract-features</c>: VAE posteriors and T5 features of image shards, into feature shards.</summary>
public static class ExtractFeaturesCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="context">CLI context.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        var defaults = new FeatureExtractionOptions();
        var shards = new Option<string>("--input", "-i") { Description = "Image or captioned shard folder to read.", Required = true };
        var models = new Option<string>("--model") { Description = "Exported diffusion model folder (vae_encoder/, text_encoder/, tokenizer/).", Required = true };
        var inputManifest = new Option<string?>("--input-manifest") { Description = "Manifest of the input shards, recorded as the feature manifest's derived_from (default: the one manifest in --manifest-dir whose shard folder is --input)." };
        var datasetName = new Option<string?>("--dataset-name") { Description = "Feature dataset name (default: input name + -features)." };
        var captionColumn = new Option<string?>("--caption-column") { Description = "Caption column to encode (default: dense_caption when present, else caption)." };
        var resolution = new Option<int>("--resolution") { Description = "Square training resolution in pixels.", DefaultValueFactory = _ => defaults.Resolution };
        var multiScale = new Option<bool>("--multi-scale") { Description = "Put each image in the nearest of the 40 aspect-ratio buckets of --resolution (256, 512 or 1024) instead of a square crop." };
        var tokens = new Option<int>("--tokens") { Description = "T5 sequence length.", DefaultValueFactory = _ => defaults.Tokens };
        var maxPixels = new Option<long>("--max-decoded-pixels") { Description = "Decompression-bomb limit per image (width x height x frames, read from the header); a bigger image fails its row.", DefaultValueFactory = _ => defaults.MaxDecodedPixels };
        var batch = new Option<int>("--batch-size") { Description = "Images per encoder call.", DefaultValueFactory = _ => defaults.BatchSize };
        // Extraction is deterministic and runs one encoder call at a time: --seed and --parallelism would do nothing.
        var run = new StageRunOptionsBinding("features", offersParallelismAndSeed: false);
        var command = new Command("extract-features", "Encode images with the VAE (mean and std) and captions with T5 (cleaned, 120 tokens, mask) into feature shards; resumable.")
        {
            shards, models, inputManifest, datasetName, captionColumn, resolution, multiScale, tokens, batch, maxPixels,
        };
        run.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var options = new FeatureExtractionOptions
            {
                InputDirectory = parse.GetValue(shards)!,
                ModelDirectory = parse.GetValue(models)!,
                InputManifest = parse.GetValue(inputManifest),
                DatasetName = parse.GetValue(datasetName),
                CaptionColumn = parse.GetValue(captionColumn),
                Resolution = parse.GetValue(resolution),
                MultiScale = parse.GetValue(multiScale),
                Tokens = parse.GetValue(tokens),
                BatchSize = parse.GetValue(batch),
                MaxDecodedPixels = parse.GetValue(maxPixels),
                Run = run.Bind(parse),
            };
            var extractor = new FeatureExtractor(options, context.LoggerFactory.CreateLogger("extract-features"));
            var summary = await context.RunWithProgressAsync("extract-features", p => extractor.RunAsync(p, ct)).ConfigureAwait(false);
            await context.Output.WriteLineAsync(
                $"feature shards: {summary.OutputDirectory} ({summary.ShardsWritten} written, {summary.ShardsAlreadyDone} already done; rows {summary.Rows}: {summary.Extracted} extracted, {summary.Skipped} skipped, {summary.Failed} failed; {summary.Truncated} captions cut to {options.Tokens} tokens)").ConfigureAwait(false);
            if (summary.ManifestPath is not null)
            {
                await context.Output.WriteLineAsync($"manifest: {summary.ManifestPath}").ConfigureAwait(false);
            }

            if (summary.Rows > 0 && summary.Extracted == 0)
            {
                await context.Error.WriteLineAsync($"error: none of the {summary.Rows} rows this run read gave features ({summary.Failed} failed, {summary.Skipped} skipped); nothing for training").ConfigureAwait(false);
                return ExitCodes.AllRowsFailed;
            }

            return summary.Failed > 0 ? ExitCodes.FailedRows : ExitCodes.Ok;
        });
        return command;
    }
}
