using DataForge.Cli.Common;
using System.CommandLine;
using DataForge.Core.Errors;
using DataForge.Cli.Rendering;
using DataForge.NounStats;
using DataForge.NounStats.Counting;
using DataForge.NounStats.Evaluation;
using DataForge.NounStats.Inputs;
using DataForge.NounStats.Tagging;
using DataForge.NounStats.Text;

namespace DataForge.Cli.Commands;

/// <summary>
/// <c>dataforge nounstats</c>: PixArt-α Table-1 noun statistics of caption columns, and
/// <c>dataforge nounstats train-tagger</c>: retrain the shipped POS tagger from a treebank, and
/// <c>dataforge nounstats evaluate</c>: score the tagger, noun lemmas and raw-text nouns against a treebank file.
/// </summary>
public static class NounStatsCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="context">CLI context.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        var defaults = new NounStatsOptions();
        var inputs = new Option<string[]>("--input", "-i") { Description = "Caption source: shard folder, .parquet, .jsonl or text file (repeatable).", Arity = ArgumentArity.OneOrMore, Required = true };
        var columns = new Option<string[]>("--caption-column") { Description = "Caption column or JSONL field, one per --input in order (default: caption).", Arity = ArgumentArity.ZeroOrMore };
        var labels = new Option<string[]>("--label") { Description = "Report label, one per --input in order (default: file name and column).", Arity = ArgumentArity.ZeroOrMore };
        var output = new Option<string>("--output", "-o") { Description = "Report folder.", DefaultValueFactory = _ => defaults.OutputDirectory };
        var nouns = new Option<NounDefinition>("--nouns") { Description = "all = NOUN+PROPN (NN*), common = NOUN (NN, NNS).", DefaultValueFactory = _ => defaults.Definition };
        var key = new Option<NounKeyForm>("--key") { Description = "lemma (common nouns by lemma), lemmaall (proper nouns too, when their lemma is a known common noun) or surface (lower-cased form).", DefaultValueFactory = _ => defaults.KeyForm };
        var normalization = new Option<TextNormalization>("--normalization") { Description = "Unicode normalization of captions.", DefaultValueFactory = _ => defaults.Normalization };
        var webText = new SwitchOption("--web-text", "Decode HTML entities, drop markup and hashtag signs before tokenizing.", defaults.WebText);
        var codesAsNouns = new Option<bool>("--codes-as-nouns") { Description = "Count alphanumeric codes and measurements (9W, 12cm, 4th) as nouns; UD tags them NUM or X.", DefaultValueFactory = _ => defaults.CodesAsNouns };
        var threshold = new Option<int>("--threshold") { Description = "VN counts nouns seen more than this many times.", DefaultValueFactory = _ => defaults.ValidThreshold };
        var top = new Option<int>("--top") { Description = "Top nouns listed per input.", DefaultValueFactory = _ => defaults.TopK };
        var histogramMax = new Option<int>("--histogram-max") { Description = "Upper limit of the nouns-per-caption plot's last bucket (otherwise the 99th percentile of nouns per caption).", DefaultValueFactory = _ => defaults.HistogramMax };
        var paper = new SwitchOption("--paper-reference", "Add PixArt-α's four Table 1 rows.", defaults.IncludePaperReference);
        var plots = new SwitchOption("--plots", "Write PNG plots.", defaults.WritePlots);
        var partials = new SwitchOption("--partials", "Write per-shard partial results under OUT/partials and reuse them on a rerun.", defaults.WritePartials);
        var parallelism = new Option<int>("--parallelism", "-j") { Description = "Worker threads.", DefaultValueFactory = _ => defaults.Parallelism };
        var model = new Option<string?>("--model") { Description = "Tagger model file (default: the shipped UD_English-EWT model)." };
        var shardIndex = new Option<int?>("--shard-index") { Description = "This worker's index among --shard-count workers (default: SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX, else 0)." };
        var shardCount = new Option<int?>("--shard-count") { Description = "Number of workers sharing the inputs (default: the scheduler's, else 1); more than 1 needs --map-only." };
        var includeFailed = new Option<bool>("--include-failed-rows") { Description = "Count rows whose status or caption_status is not success (default: leave them out and say how many).", DefaultValueFactory = _ => defaults.IncludeFailedRows };
        var sampleNouns = new Option<long>("--vn-sample-nouns") { Description = "M of VN@M, the expected VN of a random sample of M nouns: a size-independent companion to VN (0 = off).", DefaultValueFactory = _ => defaults.SampleNouns };
        var mapOnly = new Option<bool>("--map-only") { Description = "Only count this worker's shards into partials; a later run without it merges them into the report.", DefaultValueFactory = _ => defaults.MapOnly };
        var command = new Command("nounstats", "Noun statistics (total, DN, VN, VN/DN, nouns per caption) of caption columns, PixArt-α Table 1 style.")
        {
            inputs, columns, labels, output, nouns, key, normalization, codesAsNouns, threshold, top, histogramMax, parallelism, model,
            shardIndex, shardCount, includeFailed, sampleNouns, mapOnly,
        };
        webText.AddTo(command);
        paper.AddTo(command);
        plots.AddTo(command);
        partials.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var options = new NounStatsOptions
            {
                OutputDirectory = parse.GetValue(output)!,
                Definition = parse.GetValue(nouns),
                KeyForm = parse.GetValue(key),
                Normalization = parse.GetValue(normalization),
                WebText = webText.Get(parse),
                CodesAsNouns = parse.GetValue(codesAsNouns),
                ValidThreshold = parse.GetValue(threshold),
                TopK = parse.GetValue(top),
                HistogramMax = parse.GetValue(histogramMax),
                IncludePaperReference = paper.Get(parse),
                WritePlots = plots.Get(parse),
                WritePartials = partials.Get(parse),
                Parallelism = parse.GetValue(parallelism),
                TaggerModelPath = parse.GetValue(model),
                ShardIndex = parse.GetValue(shardIndex),
                ShardCount = parse.GetValue(shardCount),
                IncludeFailedRows = parse.GetValue(includeFailed),
                SampleNouns = parse.GetValue(sampleNouns),
                MapOnly = parse.GetValue(mapOnly),
            };
            var paths = parse.GetValue(inputs) ?? [];
            var columnValues = parse.GetValue(columns) ?? [];
            var labelValues = parse.GetValue(labels) ?? [];
            for (var i = 0; i < paths.Length; i++)
            {
                options.Inputs.Add(new CaptionInput
                {
                    Path = paths[i],
                    Column = i < columnValues.Length ? columnValues[i] : "caption",
                    Label = i < labelValues.Length ? labelValues[i] : null,
                });
            }

            var report = await context.RunWithProgressAsync("nounstats", p => NounStatsRunner.RunAsync(
                options,
                StageProgressMapping.NounStats(p),
                context.LoggerFactory.CreateLogger("nounstats"),
                ct)).ConfigureAwait(false);
            foreach (var stats in report.Statistics)
            {
                var leftOut = stats.LeftOutRows == 0 ? string.Empty
                    : FormattableString.Invariant($"; {stats.LeftOutRows:N0} rows left out (status not success; --include-failed-rows counts them)");
                await context.Output.WriteLineAsync(FormattableString.Invariant($"{stats.Label}: {stats.Captions:N0} captions counted{leftOut}")).ConfigureAwait(false);
            }

            foreach (var file in report.Files)
            {
                await context.Output.WriteLineAsync(file).ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        });
        command.Subcommands.Add(CreateTrainTagger(context));
        command.Subcommands.Add(CreateEvaluate(context));
        return command;
    }

    private static Command CreateTrainTagger(CliContext context)
    {
        var defaults = new TaggerTrainingOptions();
        var treebank = new Option<string>("--treebank") { Description = "Folder with *-ud-train.conllu and *-ud-dev.conllu (e.g. UD_English-EWT).", Required = true };
        var output = new Option<string>("--output", "-o") { Description = "Model file to write.", Required = true };
        var maxIterations = new Option<int>("--max-iterations") { Description = "Most training passes; the best on dev is kept.", DefaultValueFactory = _ => defaults.MaxIterations };
        var seed = new Option<int>("--seed") { Description = "Shuffle seed; the same seed gives the same bytes.", DefaultValueFactory = _ => defaults.Seed };
        var command = new Command("train-tagger", "Retrain the averaged-perceptron POS tagger reproducibly from a treebank.") { treebank, output, maxIterations, seed };
        command.SetAction(async (parse, ct) =>
        {
            var options = new TaggerTrainingOptions
            {
                TreebankDirectory = parse.GetValue(treebank)!,
                MaxIterations = parse.GetValue(maxIterations),
                Seed = parse.GetValue(seed),
            };
            var result = await TaggerTrainer.TrainToFileAsync(options, parse.GetValue(output)!, context.LoggerFactory.CreateLogger("train-tagger"), ct).ConfigureAwait(false);
            await context.Output.WriteLineAsync(result.Description).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateEvaluate(CliContext context)
    {
        var treebank = new Option<string>("--treebank") { Description = "CoNLL-U file to score against (e.g. en_ewt-ud-test.conllu).", Required = true };
        var model = new Option<string?>("--model") { Description = "Tagger model file (default: the shipped UD_English-EWT model)." };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text." };
        var command = new Command("evaluate", "UPOS accuracy, NOUN/PROPN precision and recall, noun lemma accuracy and raw-text noun F1 on a treebank file.") { treebank, model, json };
        command.SetAction(async (parse, ct) =>
        {
            var options = new TreebankEvaluationOptions { TreebankFile = parse.GetValue(treebank)!, TaggerModelPath = parse.GetValue(model) };
            var report = await TreebankEvaluation.EvaluateAsync(options, ct).ConfigureAwait(false);
            await context.Output.WriteAsync(parse.GetValue(json) ? report.FormatJson() + "\n" : report.FormatText()).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}
