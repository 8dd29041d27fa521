using System.CommandLine;
using DataForge.Captioner.Hub;
using DataForge.Core.Errors;
using Microsoft.Extensions.Logging;

namespace DataForge.Cli.Commands;

/// <summary><c>dataforge models pull</c>: fetch a captioning model from a Hugging Face hub.</summary>
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
        var pull = new Command("pull", "Download exactly the files a captioning model needs (configs, tokenizer, one dtype of each graph and its external data), resumable and sha256-verified.")
        {
            repo, revision, dtype, output, endpoint, retries,
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
            using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            var puller = new HubModelPuller(options, http, context.LoggerFactory.CreateLogger("models"));
            var result = await context.RunWithProgressAsync("models pull", p => puller.PullAsync(p, ct)).ConfigureAwait(false);
            await context.Output.WriteLineAsync(
                $"{options.RepoId}@{result.Commit}: {result.Downloaded.Count} files fetched ({result.Bytes} bytes), {result.AlreadyPresent.Count} already present: {result.Directory}")
                .ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return new Command("models", "Manage captioning models.") { pull };
    }
}
