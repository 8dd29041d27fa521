using System.Diagnostics;
using DataForge.Captioner.Generation;
using DataForge.Captioner.Models;
using Microsoft.ML.OnnxRuntimeGenAI;

namespace DataForge.Captioner.Bench;

/// <summary>
/// Throughput with variable-length outputs, as captions are: every request gets its own length drawn uniformly
/// from [min, max] (EOS "at a random step"; the bench model never emits EOS itself, so the length is the row's
/// token limit). At each batch size: onnxruntime-genai's static batch (the batch runs until its longest row ends,
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
        foreach (var batch in batches)
        {
            var count = batch * requestsPerSlot;
            var requests = Enumerable.Range(0, count).Select(i => new GenerationRequest(
                $"v{batch}-{i}", [.. Enumerable.Range(0, promptTokens).Select(_ => (long)random.Next(0, 150000))], null)
            {
                MaxNewTokens = random.Next(minNew, maxNew + 1),
            }).ToList();
            var useful = requests.Sum(r => r.MaxNewTokens!.Value);
            var options = new GenerationOptions { MaxNewTokens = maxNew, LoopDetection = false };

            var clock = Stopwatch.StartNew();
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
        }

        using var genai = new Model(genaiDir);
        foreach (var batch in batches)
        {
            // The same lengths and prompt length as above (the draw is repeated), prompts re-drawn.
            var lengths = DrawLengths(batches, batch, requestsPerSlot, promptTokens, minNew, maxNew);
            var clock = Stopwatch.StartNew();
            foreach (var chunk in lengths.Chunk(batch))
            {
                using var parameters = new GeneratorParams(genai);
                parameters.SetSearchOption("batch_size", chunk.Length);
                parameters.SetSearchOption("max_length", promptTokens + chunk.Max());
                parameters.SetSearchOption("min_length", promptTokens + chunk.Max());
                using var generator = new Generator(genai, parameters);
                generator.AppendTokens([.. Enumerable.Range(0, chunk.Length * promptTokens).Select(_ => random.Next(0, 150000))]);
                while (!generator.IsDone())
                {
                    generator.GenerateNextToken();
                }

                if (generator.GetSequence((ulong)chunk.Length - 1).Length != promptTokens + chunk.Max())
                {
                    throw new InvalidOperationException("onnxruntime-genai did not generate the batch's longest length");
                }
            }

            rows.Add(("onnxruntime-genai 0.18 static batch", batch, lengths.Sum() / clock.Elapsed.TotalSeconds));
            Console.WriteLine($"onnxruntime-genai    batch {batch,2}: {lengths.Sum()} tokens in {clock.Elapsed.TotalSeconds:F1} s = {rows[^1].Item3:F1} tokens/s");
        }

        return rows;
    }

    private static int Check(int produced, int useful) =>
        produced == useful ? useful : throw new InvalidOperationException($"generated {produced} tokens, the rows' lengths add up to {useful}");

    // Replays the captioner pass's random draws so GenAI gets the same per-row lengths.
    private static int[] DrawLengths(int[] batches, int batch, int requestsPerSlot, int promptTokens, int minNew, int maxNew)
    {
        var random = new Random(7);
        foreach (var b in batches)
        {
            var lengths = new int[b * requestsPerSlot];
            for (var i = 0; i < lengths.Length; i++)
            {
                for (var t = 0; t < promptTokens; t++)
                {
                    random.Next(0, 150000);
                }

                lengths[i] = random.Next(minNew, maxNew + 1);
            }

            if (b == batch)
            {
                return lengths;
            }
        }

        throw new ArgumentException($"batch {batch} is not among {string.Join(",", batches)}");
    }
}
