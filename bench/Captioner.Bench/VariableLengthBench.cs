using System.Diagnostics;
using DataForge.Captioner.Generation;
using DataForge.Captioner.Models;
using Microsoft.ML.OnnxRuntimeGenAI;

namespace DataForge.Captioner.Bench;

/// <summary>
/// Throughput with variable-length outputs, as captions are: every request gets its own length drawn uniformly
/// from [min, max] (EOS "at a random step"; the bench model never emits EOS itself, so the length is the row's
/// token limit). At each batch size, back to back on the same requests: onnxruntime-genai's static batch (the batch runs until its longest row ends,
/// as GenAI does with real EOS, and only each row's own tokens count), the captioner's static batch (finished rows
/// are compacted away, the batch shrinks), and the captioner's continuous batching (freed slots are refilled with
/// the next requests' prefills). Tokens/s counts the same useful tokens for all three.
/// </summary>
internal static class VariableLengthBench
{
    public static List<(string Name, int Batch, double TokensPerSecond)> Run(
        VisionLanguageModel model, string genaiDir, int[] batches, int requestsPerSlot, int promptTokens, int minNew, int maxNew)
    {
        var random = new Random(7);
        var rows = new List<(string, int, double)>();
        using var genai = new Model(genaiDir);
        foreach (var batch in batches)
        {
            // The three loops run back to back at each batch size, so they see the same machine load.
            var count = batch * requestsPerSlot;
            var requests = Enumerable.Range(0, count).Select(i => new GenerationRequest(
                $"v{batch}-{i}", [.. Enumerable.Range(0, promptTokens).Select(_ => (long)random.Next(0, 150000))], null)
            {
                MaxNewTokens = random.Next(minNew, maxNew + 1),
            }).ToList();
            var useful = requests.Sum(r => r.MaxNewTokens!.Value);
            var options = new GenerationOptions { MaxNewTokens = maxNew, LoopDetection = false };

            var clock = Stopwatch.StartNew();
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
            }

            rows.Add(("onnxruntime-genai 0.18 static batch", batch, useful / clock.Elapsed.TotalSeconds));
            Console.WriteLine($"onnxruntime-genai    batch {batch,2}: {useful} tokens in {clock.Elapsed.TotalSeconds:F1} s = {rows[^1].Item3:F1} tokens/s");

            clock.Restart();
            var produced = 0;
            foreach (var chunk in requests.Chunk(batch))
            {
                produced += model.Generate(chunk, options).Sum(r => r.TokenIds.Length);
            }

            rows.Add(("captioner static batch", batch, Check(produced, useful) / clock.Elapsed.TotalSeconds));
            Console.WriteLine($"captioner static     batch {batch,2}: {useful} tokens in {clock.Elapsed.TotalSeconds:F1} s = {rows[^1].Item3:F1} tokens/s");

            clock.Restart();
            produced = model.GenerateContinuous(requests, batch, options).Sum(r => r.TokenIds.Length);
            rows.Add(("captioner continuous batching", batch, Check(produced, useful) / clock.Elapsed.TotalSeconds));
            Console.WriteLine($"captioner continuous batch {batch,2}: {useful} tokens in {clock.Elapsed.TotalSeconds:F1} s = {rows[^1].Item3:F1} tokens/s");
            Console.WriteLine($"  load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        }

        return rows;
    }

    private static int Check(int produced, int useful) =>
        produced == useful ? useful : throw new InvalidOperationException($"generated {produced} tokens, the rows' lengths add up to {useful}");
}
