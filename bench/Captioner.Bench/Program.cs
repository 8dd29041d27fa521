using System.Diagnostics;
using System.Globalization;
using DataForge.Captioner.Bench;
using DataForge.Captioner.Generation;
using DataForge.Captioner.Models;
using Microsoft.ML.OnnxRuntimeGenAI;

// Captioner throughput on CPU against onnxruntime-genai on the same weights. Two modes:
//   bench/captioner.sh [--quick] [--rounds 3] [--batches 1,8,16,32] [--variable 16-128] [--requests-per-slot 4] [--static]
//                      [-j/--parallelism N] [--genai-parallelism N|0] [--layers 2] [--no-logits-to-keep]
//     variable-length outputs (the issue's targets): GenAI's static batch vs the captioner's continuous batching
//     (and static batch at batch 1, everywhere with --static), every measurement repeated --rounds times,
//     interleaved per batch size; --quick runs batch 1 and 16 only.
//   bench/captioner.sh --fixed [--layers 8] [--new-tokens 32] [--prompt-tokens 16] [--batches 1,8,16,32]
//     fixed-length outputs, one run each: ms per decode step against GenAI at batch 1.
var fixedMode = args.Contains("--fixed");
var layers = IntArg("--layers", fixedMode ? 8 : 2);
var newTokens = IntArg("--new-tokens", 32);
var promptTokens = IntArg("--prompt-tokens", 16);
var batches = (Arg("--batches") ?? (args.Contains("--quick") ? "1,16" : "1,8,16,32")).Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
var workDir = Path.GetFullPath(Arg("--work-dir") ?? Path.Combine(Path.GetTempPath(), "dataforge-captioner-bench"));
// --no-logits-to-keep exports the decoder without num_logits_to_keep (every prompt position reaches the LM head in
// both loops), as the runs before it did.
var shape = new BenchShape(layers, !args.Contains("--no-logits-to-keep"));
var modelDir = Path.Combine(workDir, $"qwen2-0.5b-shaped-{layers}l{(shape.LogitsToKeep ? "-keep" : "")}");
var marker = Path.Combine(modelDir, "complete");

Console.WriteLine($"# Captioner decode benchmark: Qwen2-0.5B layer shapes, {layers} of 24 layers, random fp32 weights, CPU ({Environment.ProcessorCount} cores)");
Console.WriteLine(shape.LogitsToKeep
    ? "decoder declares num_logits_to_keep: the captioner feeds 1 (last position only), onnxruntime-genai 0.18 feeds 0 (every prompt position's logits)"
    : "decoder without num_logits_to_keep (--no-logits-to-keep): both loops compute logits for every prompt position");
if (!File.Exists(marker))
{
    var write = Stopwatch.StartNew();
    QwenShapedModelWriter.Write(modelDir, shape);
    File.WriteAllText(marker, "");
    Console.WriteLine($"wrote model to {modelDir} in {write.Elapsed.TotalSeconds:F1} s");
}

// Both loops get the same intra-op threads, not spinning (-j/--parallelism, default every core);
// --genai-parallelism 0 leaves GenAI at its own defaults (half the logical cores, spinning) to measure it as shipped.
var threads = IntArg("--parallelism", IntArg("-j", Environment.ProcessorCount));
var genaiThreads = IntArg("--genai-parallelism", threads);
GenAiThreads.Set(Path.Combine(modelDir, "onnx"), genaiThreads);
Console.WriteLine($"intra-op threads: captioner decoder {threads}, onnxruntime-genai {(genaiThreads > 0 ? genaiThreads.ToString(CultureInfo.InvariantCulture) : $"its default ({Math.Max(1, Environment.ProcessorCount / 2)})")}");

if (!fixedMode)
{
    var range = (Arg("--variable") ?? "16-128").Split('-').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray();
    var plan = new VariableLengthPlan(batches, IntArg("--requests-per-slot", 4), IntArg("--min-requests", 6), promptTokens, range[0], range[1], IntArg("--rounds", 3), args.Contains("--static"));
    Console.WriteLine($"variable-length outputs: {plan.MinNew}-{plan.MaxNew} new tokens per row (uniform), prompt {promptTokens} tokens, batches {string.Join(",", batches)}, {plan.RequestsPerSlot} requests per slot (at least {plan.MinRequests}), {plan.Rounds} rounds");
    using var model = VisionLanguageModel.Load(modelDir, new ModelLoadOptions { ExecutionProvider = ExecutionProviderKind.Cpu, IntraOpThreads = threads });
    model.Generate([new GenerationRequest("warmup", [1, 2, 3], null)], new GenerationOptions { MaxNewTokens = 4, LoopDetection = false });
    var samples = VariableLengthBench.Run(model, Path.Combine(modelDir, "onnx"), plan);
    VariableLengthReport.Print(samples, plan, shape);
    return;
}

Console.WriteLine($"fixed-length outputs: prompt {promptTokens} tokens, {newTokens} new tokens per row, greedy, EOS disabled");
var bandwidth = MemoryBandwidth.MeasureBytesPerSecond();
Console.WriteLine($"measured read bandwidth: {bandwidth / 1e9:F1} GB/s");

var random = new Random(1);
long[] Prompt() => [.. Enumerable.Range(0, promptTokens).Select(_ => (long)random.Next(0, 150000))];
var options = new GenerationOptions { MaxNewTokens = newTokens, LoopDetection = false };
var rows = new List<(string Name, int Batch, double TokensPerSecond, double DecodeTokensPerSecond, double StepMs)>();
using (var model = VisionLanguageModel.Load(modelDir, new ModelLoadOptions { ExecutionProvider = ExecutionProviderKind.Cpu, IntraOpThreads = threads }))
{
    Console.WriteLine($"derived from the decoder's inputs: {model.LayerCount} layers, {model.KvHeads} KV heads, head size {model.HeadSize}");
    model.Generate([new GenerationRequest("warmup", Prompt(), null)], new GenerationOptions { MaxNewTokens = 4, LoopDetection = false });
    foreach (var batch in batches)
    {
        var requests = Enumerable.Range(0, batch).Select(i => new GenerationRequest($"r{i}", Prompt(), null)).ToList();
        // Prefill plus one token, timed alone, so the decode steps can be priced separately.
        var prefillClock = Stopwatch.StartNew();
        model.Generate(requests, new GenerationOptions { MaxNewTokens = 1, LoopDetection = false });
        var prefill = prefillClock.Elapsed.TotalSeconds;
        var clock = Stopwatch.StartNew();
        var results = model.Generate(requests, options);
        var seconds = clock.Elapsed.TotalSeconds;
        var tokens = results.Sum(r => r.TokenIds.Length);
        var stepSeconds = (seconds - prefill) / (newTokens - 1);
        rows.Add(("captioner (three-session, IOBinding KV)", batch, tokens / seconds, batch / stepSeconds, stepSeconds * 1000));
        Console.WriteLine($"captioner batch {batch,2}: {tokens} tokens in {seconds:F2} s = {tokens / seconds:F1} tokens/s end to end; prefill+1 {prefill:F2} s; decode step {stepSeconds * 1000:F1} ms");
    }
}

double baseline;
using (var genaiModel = new Model(Path.Combine(modelDir, "onnx")))
{
    double RunGenaiSeconds(int count)
    {
        using var parameters = new GeneratorParams(genaiModel);
        parameters.SetSearchOption("max_length", promptTokens + count);
        parameters.SetSearchOption("min_length", promptTokens + count);
        using var generator = new Generator(genaiModel, parameters);
        var prompt = Prompt().Select(t => (int)t).ToArray();
        var clock = Stopwatch.StartNew();
        generator.AppendTokens(prompt);
        while (!generator.IsDone())
        {
            generator.GenerateNextToken();
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var produced = generator.GetSequence(0).Length - promptTokens;
        if (produced != count)
        {
            throw new InvalidOperationException($"onnxruntime-genai produced {produced} tokens, expected {count}");
        }

        return seconds;
    }

    RunGenaiSeconds(4);
    var genaiPrefill = RunGenaiSeconds(1);
    var genaiSeconds = RunGenaiSeconds(newTokens);
    var genaiStep = (genaiSeconds - genaiPrefill) / (newTokens - 1);
    baseline = newTokens / genaiSeconds;
    rows.Add(("onnxruntime-genai 0.18 (baseline)", 1, baseline, 1 / genaiStep, genaiStep * 1000));
    Console.WriteLine($"onnxruntime-genai batch  1: {baseline:F1} tokens/s end to end; decode step {genaiStep * 1000:F1} ms");
}

Console.WriteLine();
var baselineDecode = rows.Single(r => r.Name.StartsWith("onnxruntime", StringComparison.Ordinal)).DecodeTokensPerSecond;
Console.WriteLine("| loop | batch | tokens/s end to end | vs baseline | decode tokens/s | vs baseline | ms per decode step | bandwidth-bound decode tokens/s |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
foreach (var (name, batch, tps, decode, step) in rows)
{
    var bytes = shape.WeightBytesPerStep + (batch * shape.KvBytesPerRow(promptTokens + (newTokens / 2)));
    var bound = batch / (bytes / bandwidth);
    Console.WriteLine($"| {name} | {batch} | {tps:F1} | {tps / baseline:F2}x | {decode:F1} | {decode / baselineDecode:F2}x | {step:F1} | {bound:F1} |");
}

var at16 = rows.FirstOrDefault(r => r.Batch == 16 && r.Name.StartsWith("captioner", StringComparison.Ordinal));
Console.WriteLine();
Console.WriteLine($"weights streamed per decode step: {shape.WeightBytesPerStep / 1e6:F0} MB (+ {shape.KvBytesPerRow(promptTokens + newTokens) / 1e3:F0} kB KV per row at the longest context)");
Console.WriteLine($"load average while running: {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
Console.WriteLine($"memory-bandwidth bound per decode step: {shape.WeightBytesPerStep / bandwidth * 1000:F1} ms at {bandwidth / 1e9:F1} GB/s, i.e. at most {bandwidth / shape.WeightBytesPerStep:F1} steps/s");
if (at16.Batch == 16)
{
    Console.WriteLine($"batch 16 / baseline: {at16.TokensPerSecond / baseline:F2}x end to end, {at16.DecodeTokensPerSecond / baselineDecode:F2}x decode (target >= 3x)");
}

string? Arg(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

int IntArg(string name, int fallback) => Arg(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
