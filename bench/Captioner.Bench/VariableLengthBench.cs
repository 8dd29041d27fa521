using System.Diagnostics;
using DataForge.Captioner.Generation;
using DataForge.Captioner.Models;
using Microsoft.ML.OnnxRuntimeGenAI;

namespace DataForge.Captioner.Bench;

/// <summary>
/// Throughput with variable-length outputs, as captions are: every request gets its own length drawn uniformly
/// from [min, max] (EOS "at a random step"; the bench model never emits EOS itself, so the length is the row's
/// token limit). Loops, all on the same requests and weights: onnxruntime-genai's static batch (the batch runs
/// until its longest row ends, as GenAI does with real EOS, and only each row's own tokens count), the captioner's
/// static batch (finished rows are compacted away, the batch shrinks) and its continuous batching (freed slots are
/// refilled with the next requests' prefills). Tokens/s counts the same useful tokens for all of them.
/// </summary>
/// <remarks>
/// A shared machine's speed drifts by 2-3x between minutes, so nothing is measured once: every round runs every
/// batch size, and at each batch size the loops run back to back in an order rotated per round, so drift falls
/// on all loops alike and each round yields paired ratios (<see cref="VariableLengthReport"/>).
/// </remarks>
internal static class VariableLengthBench
{
    public const string GenAi = "onnxruntime-genai 0.18 static batch";
    public const string Static = "captioner static batch";
    public const string Continuous = "captioner continuous batching";

    public static List<VariableLengthSample> Run(VisionLanguageModel model, string genaiDir, VariableLengthPlan plan)
    {
        var random = new Random(7);
        // The same requests in every round, so rounds differ only in the machine's load.
        var requests = plan.Batches.ToDictionary(b => b, b => Enumerable.Range(0, plan.RequestCount(b)).Select(i => new GenerationRequest(
            $"v{b}-{i}", [.. Enumerable.Range(0, plan.PromptTokens).Select(_ => (long)random.Next(0, 150000))], null)
        {
            MaxNewTokens = random.Next(plan.MinNew, plan.MaxNew + 1),
        }).ToList());
        var options = new GenerationOptions { MaxNewTokens = plan.MaxNew, LoopDetection = false };
        var samples = new List<VariableLengthSample>();
        using var genai = new Model(genaiDir);
        var total = Stopwatch.StartNew();
        for (var round = 0; round < plan.Rounds; round++)
        {
            var bandwidth = MemoryBandwidth.MeasureBytesPerSecond();
            Console.WriteLine($"round {round + 1}/{plan.Rounds}: read bandwidth {bandwidth / 1e9:F1} GB/s, load average {LoadAverage()}");
            foreach (var batch in plan.Batches)
            {
                List<string> loops = plan.WithStatic(batch) ? [GenAi, Static, Continuous] : [GenAi, Continuous];
                var rotated = loops.Skip(round % loops.Count).Concat(loops.Take(round % loops.Count));
                var useful = requests[batch].Sum(r => r.MaxNewTokens!.Value);
                foreach (var loop in rotated)
                {
                    // An untimed short generation first: whichever captioner loop ran right after GenAI spent ~10 %
                    // more CPU per token than the same loop elsewhere, so the switch between runtimes is paid here.
                    Warm(loop, genai, model, requests[batch][0], plan.PromptTokens);
                    var process = Process.GetCurrentProcess();
                    var cpu = process.TotalProcessorTime;
                    var clock = Stopwatch.StartNew();
                    var produced = loop switch
                    {
                        GenAi => RunGenAi(genai, requests[batch], batch, plan.PromptTokens),
                        Static => requests[batch].Chunk(batch).Sum(chunk => model.Generate(chunk, options).Sum(r => r.TokenIds.Length)),
                        _ => model.GenerateContinuous(requests[batch], batch, options).Sum(r => r.TokenIds.Length),
                    };
                    var seconds = clock.Elapsed.TotalSeconds;
                    process.Refresh();
                    var cpuPerToken = (process.TotalProcessorTime - cpu).TotalSeconds / useful;
                    if (produced != useful)
                    {
                        throw new InvalidOperationException($"{loop} at batch {batch} generated {produced} tokens, the rows' lengths add up to {useful}");
                    }

                    samples.Add(new VariableLengthSample(loop, batch, round, useful / seconds, cpuPerToken, bandwidth));
                    Console.WriteLine($"  {loop,-36} batch {batch,2}: {useful,5} tokens in {seconds,5:F1} s = {useful / seconds,6:F1} tokens/s, {cpuPerToken * 1000,5:F1} CPU ms/token");
                }
            }
        }

        Console.WriteLine($"{plan.Rounds} rounds in {total.Elapsed.TotalMinutes:F1} min; load average at the end {LoadAverage()}");
        return samples;
    }

    private static void Warm(string loop, Model genai, VisionLanguageModel model, GenerationRequest request, int promptTokens)
    {
        var shortRequest = request with { MaxNewTokens = 4 };
        if (loop == GenAi)
        {
            RunGenAi(genai, [shortRequest], 1, promptTokens);
        }
        else
        {
            model.Generate([shortRequest], new GenerationOptions { MaxNewTokens = 4, LoopDetection = false });
        }
    }

    // GenAI's static batch: one generator per chunk of `batch` requests, run until the chunk's longest row is done;
    // returns the rows' own lengths (the tokens a caller would keep).
    private static int RunGenAi(Model genai, List<GenerationRequest> requests, int batch, int promptTokens)
    {
        var produced = 0;
        foreach (var chunk in requests.Chunk(batch))
        {
            using var parameters = new GeneratorParams(genai);
            var longest = chunk.Max(r => r.MaxNewTokens!.Value);
            parameters.SetSearchOption("batch_size", chunk.Length);
            parameters.SetSearchOption("max_length", promptTokens + longest);
            parameters.SetSearchOption("min_length", promptTokens + longest);
            using var generator = new Generator(genai, parameters);
            generator.AppendTokens([.. chunk.SelectMany(r => r.PromptIds).Select(t => (int)t)]);
            while (!generator.IsDone())
            {
                generator.GenerateNextToken();
            }

            if (generator.GetSequence((ulong)chunk.Length - 1).Length != promptTokens + longest)
            {
                throw new InvalidOperationException("onnxruntime-genai did not generate the batch's longest length");
            }

            produced += chunk.Sum(r => r.MaxNewTokens!.Value);
        }

        return produced;
    }

    private static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];
}
