using System.Text.Json.Nodes;

namespace DataForge.Core.Onnx;

/// <summary>
/// Writes a Hugging Face <c>tokenizer.json</c> with a WordLevel model: the tokenizer of the tiny models DataForge builds
/// for tests and the demo. Special tokens are added tokens (matched inside text); text is split on whitespace and
/// punctuation; the post-processor wraps a sequence in the given prefix and suffix specials (e.g. T5's trailing
/// <c>&lt;/s&gt;</c>, Llama's leading <c>&lt;s&gt;</c>).
/// </summary>
public static class WordLevelTokenizerJson
{
    /// <summary>Builds the JSON.</summary>
    /// <param name="vocabulary">Tokens by id; specials first.</param>
    /// <param name="specialCount">How many leading vocabulary entries are special tokens.</param>
    /// <param name="unknownToken">The unknown token (must be in the vocabulary).</param>
    /// <param name="prefix">Specials the post-processor puts before a sequence.</param>
    /// <param name="suffix">Specials the post-processor puts after a sequence.</param>
    /// <returns>The <c>tokenizer.json</c> document.</returns>
    public static JsonObject Build(IReadOnlyList<string> vocabulary, int specialCount, string unknownToken, IReadOnlyList<string> prefix, IReadOnlyList<string> suffix)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var vocab = new JsonObject();
        for (var id = 0; id < vocabulary.Count; id++)
        {
            ids[vocabulary[id]] = id;
            vocab[vocabulary[id]] = id;
        }

        var added = new JsonArray();
        for (var id = 0; id < specialCount; id++)
        {
            added.Add(new JsonObject
            {
                ["id"] = id, ["content"] = vocabulary[id], ["single_word"] = false, ["lstrip"] = false, ["rstrip"] = false,
                ["normalized"] = false, ["special"] = true,
            });
        }

        var template = new JsonArray();
        var specials = new JsonObject();
        foreach (var token in prefix)
        {
            template.Add(SpecialStep(token));
        }

        template.Add(new JsonObject { ["Sequence"] = new JsonObject { ["id"] = "A", ["type_id"] = 0 } });
        foreach (var token in suffix)
        {
            template.Add(SpecialStep(token));
        }

        foreach (var token in prefix.Concat(suffix).Distinct())
        {
            specials[token] = new JsonObject { ["id"] = token, ["ids"] = new JsonArray(ids[token]), ["tokens"] = new JsonArray(token) };
        }

        return new JsonObject
        {
            ["version"] = "1.0",
            ["truncation"] = null,
            ["padding"] = null,
            ["added_tokens"] = added,
            ["normalizer"] = null,
            ["pre_tokenizer"] = new JsonObject { ["type"] = "Whitespace" },
            ["post_processor"] = new JsonObject
            {
                ["type"] = "TemplateProcessing",
                ["single"] = template,
                ["pair"] = Pair(template),
                ["special_tokens"] = specials,
            },
            ["decoder"] = null,
            ["model"] = new JsonObject { ["type"] = "WordLevel", ["vocab"] = vocab, ["unk_token"] = unknownToken },
        };
    }

    // The pair template must use both sequences: prefix A suffix B suffix.
    private static JsonArray Pair(JsonArray single)
    {
        var pair = (JsonArray)single.DeepClone();
        foreach (var step in single.Skip(single.IndexOf(single.First(s => s!["Sequence"] is not null)) + 1))
        {
            pair.Add(step!.DeepClone());
        }

        var b = new JsonObject { ["Sequence"] = new JsonObject { ["id"] = "B", ["type_id"] = 1 } };
        pair.Insert(pair.Count - single.Skip(single.IndexOf(single.First(s => s!["Sequence"] is not null)) + 1).Count(), b);
        return pair;
    }

    private static JsonObject SpecialStep(string token) => new() { ["SpecialToken"] = new JsonObject { ["id"] = token, ["type_id"] = 0 } };
}
