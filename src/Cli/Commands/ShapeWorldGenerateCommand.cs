using System.CommandLine;
using DataForge.Core.Errors;
using DataForge.ShapeWorld.Export;

namespace DataForge.Cli.Commands;

/// <summary><c>dataforge shapeworld generate</c>: scenes as image files, a URL list and a scene-graph sidecar.</summary>
public static class ShapeWorldGenerateCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="context">CLI context.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        var defaults = new ShapeWorldExportOptions();
        var count = new Option<int>("--count") { Description = "Number of scenes to write.", Required = true };
        var seed = new Option<int>("--seed") { Description = "Generator seed; the same seed and indices give the same bytes.", DefaultValueFactory = _ => defaults.Seed };
        var start = new Option<long>("--start-index") { Description = $"First scene index (held-out sets start at {ShapeWorld.ShapeWorldGenerator.HeldOutStart}).", DefaultValueFactory = _ => defaults.StartIndex };
        var output = new Option<string>("--output", "-o") { Description = "Folder to write (must be empty or missing).", Required = true };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace a folder an earlier 'shapeworld generate' wrote." };
        var baseUrl = new Option<string>("--base-url") { Description = "URL the folder will be served from; each row's url is this plus images/NNNNNNNN.png.", DefaultValueFactory = _ => defaults.BaseUrl };
        var parallelism = new Option<int>("--parallelism", "-j") { Description = "Scenes rendered at once.", DefaultValueFactory = _ => defaults.Parallelism };
        var command = new Command("generate", "Write scenes: images/*.png, urls.parquet (url, alt_text, path) for 'dataforge ingest', and scenes.jsonl (scene graphs, gold captions).")
        {
            count, seed, start, output, overwrite, baseUrl, parallelism,
        };
        command.SetAction(async (parse, ct) =>
        {
            var options = new ShapeWorldExportOptions
            {
                Count = parse.GetValue(count),
                Seed = parse.GetValue(seed),
                StartIndex = parse.GetValue(start),
                OutputDirectory = parse.GetValue(output)!,
                Overwrite = parse.GetValue(overwrite),
                BaseUrl = parse.GetValue(baseUrl)!,
                Parallelism = parse.GetValue(parallelism),
            };
            var result = await context.RunWithProgressAsync("shapeworld generate", p => ShapeWorldExporter.RunAsync(options, p, ct)).ConfigureAwait(false);
            await context.Output.WriteLineAsync($"{result.Scenes} scenes in {result.OutputDirectory}").ConfigureAwait(false);
            await context.Output.WriteLineAsync($"URL list: {result.UrlList}").ConfigureAwait(false);
            await context.Output.WriteLineAsync($"scene graphs and gold captions: {result.Sidecar}").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}
