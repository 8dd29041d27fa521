using System.CommandLine;
using DataForge.Captioner.Hub;
using DataForge.Core.Errors;
using DataForge.Trainer.Features;
using Microsoft.Extensions.Logging;

namespace DataForge.Cli.Commands;

/// <summary>
/// <c>dataforge models pull</c>: fetch a captioning model, or the ONNX export of the VAE or T5 encoder that
/// <c>extract-features</c> and <c>sample</c> read, from a Hugging Face hub.
/// </summary>
public static class ModelsCommand
{
    private static readonly ModelPullOptions Defaults = new();

    /// <summary>Creates the command.</summary>
    /// <param name="context">CLI context.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        var repo = new Argument<string>("hf-repo-id") { Description = "Repository id, e.g. llava-hf/llava-interleave-qwen-0.5b-hf." };
        var revision = new Option<string>("--revision") { Description = "Branch, tag or commit.", DefaultValueFactory = _ => Defaults.Revision };
        var dtype = new Option<string?>("--dtype") { Description = "Graph dtype variant to fetch (fp32, fp16, q4f16, q4, …, or per graph)." };
        var output = new Option<string?>("--output", "-o") { Description = "Destination folder (default: models/<owner>/<name>)." };
        var endpoint = new Option<string>("--endpoint") { Description = "Hub endpoint (default: HF_ENDPOINT, else https://huggingface.co).", DefaultValueFactory = _ => Defaults.Endpoint };
        var retries = new Option<int>("--retries") { Description = "Retries per file after a transient failure.", DefaultValueFactory = _ => Defaults.MaxRetries };
        var kind = new Option<string>("--kind")
        {
            Description = "caption: a captioning model; vae or t5: an ONNX export placed into the diffusion model folder (vae_encoder/, vae_decoder/ or text_encoder/ + tokenizer/) that extract-features and sample read.",
            DefaultValueFactory = _ => "caption",
        };
        kind.AcceptOnlyFromAmong("caption", "vae", "t5");
        var pull = new Command("pull", "Download exactly the files a model needs (a captioning model, or the VAE / T5 ONNX export for extract-features and sample), resumable and sha256-verified.")
        {
            repo, revision, dtype, output, endpoint, retries, kind,
        };
        pull.SetAction(async (parse, ct) =>
        {
            var options = new ModelPullOptions
            {
                RepoId = parse.GetValue(repo)!,
                Revision = parse.GetValue(revision)!,
                Dtype = parse.GetValue(dtype),
                OutputDirectory = parse.GetValue(output),
                Endpoint = parse.GetValue(endpoint)!,
                MaxRetries = parse.GetValue(retries),
            };
            DiffusionModelPart? part = parse.GetValue(kind) switch { "vae" => DiffusionModelPart.Vae, "t5" => DiffusionModelPart.T5, _ => null };
            if (part is not null && options.Dtype is not null)
            {
                throw new OptionsValidationException("--dtype", "selects a captioning model's graph variant; --kind vae|t5 fetches the full-precision export only");
            }

            if (part is not null && options.OutputDirectory is null)
            {
                throw new OptionsValidationException("--output", "--kind vae|t5 needs the diffusion model folder that extract-features and sample read (--models); pull the VAE and the T5 encoder into the same one");
            }

            Func<IReadOnlyList<string>, IReadOnlyDictionary<string, string>>? placement = part is { } p ? paths => DiffusionHubLayout.Place(paths, p) : null;
            using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            var puller = new HubModelPuller(options, http, context.LoggerFactory.CreateLogger("models"), placement);
            var result = await context.RunWithProgressAsync("models pull", p => puller.PullAsync(p, ct)).ConfigureAwait(false);
            await context.Output.WriteLineAsync(
                $"{options.RepoId}@{result.Commit}: {result.Downloaded.Count} files fetched ({result.Bytes} bytes), {result.AlreadyPresent.Count} already present: {result.Directory}")
                .ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return new Command("models", "Fetch captioning models and the VAE / T5 ONNX exports.") { pull };
    }
}
