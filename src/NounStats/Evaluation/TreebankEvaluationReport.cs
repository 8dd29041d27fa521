using System.Globalization;
using System.Text;
using System.Text.Json;

namespace DataForge.NounStats.Evaluation;

/// <summary>What <c>dataforge nounstats evaluate</c> measured on one treebank file.</summary>
/// <param name="Treebank">The full path of the CoNLL-U file.</param>
/// <param name="Sentences">Sentences in the file.</param>
/// <param name="Tagging">Tagging and noun lemma scores with gold tokens.</param>
/// <param name="RawTextNouns">NOUN+PROPN spans found from the raw <c># text</c> with the own tokenizer.</param>
/// <param name="RawTextSkippedSentences">Sentences left out of the raw-text score (no text, or gold tokens not found in it).</param>
/// <param name="TaggerModel">The tagger model's description.</param>
/// <param name="TaggerModelSha256">The tagger model's SHA-256.</param>
public sealed record TreebankEvaluationReport(
    string Treebank,
    int Sentences,
    TaggingScore Tagging,
    MatchCounts RawTextNouns,
    int RawTextSkippedSentences,
    string TaggerModel,
    string TaggerModelSha256)
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    /// <summary>Formats the report for people, one figure per line.</summary>
    /// <returns>The text, ending with a newline.</returns>
    public string FormatText()
    {
        var t = Tagging;
        var text = new StringBuilder();
        Line(text, $"treebank: {Treebank} ({Sentences:N0} sentences, {t.Words:N0} words)");
        Line(text, $"UPOS accuracy (gold tokens): {t.UposAccuracy:F2} %");
        Line(text, $"XPOS accuracy (gold tokens): {t.XposAccuracy:F2} %");
        Line(text, $"NOUN  precision {t.Noun.Precision:F2} %, recall {t.Noun.Recall:F2} %, F1 {t.Noun.F1:F2} % ({t.Noun.Gold:N0} gold)");
        Line(text, $"PROPN precision {t.ProperNoun.Precision:F2} %, recall {t.ProperNoun.Recall:F2} %, F1 {t.ProperNoun.F1:F2} % ({t.ProperNoun.Gold:N0} gold)");
        Line(text, $"NOUN+PROPN F1 (gold tokens): {t.NounOrProperNounF1:F2} %");
        Line(text, $"noun lemma accuracy (gold NOUN words): {t.NounLemmaAccuracy:F2} %");
        Line(text, $"raw-text NOUN+PROPN (own tokenizer): precision {RawTextNouns.Precision:F2} %, recall {RawTextNouns.Recall:F2} %, F1 {RawTextNouns.F1:F2} % ({RawTextSkippedSentences:N0} sentences skipped)");
        Line(text, $"tagger: {TaggerModel} (sha256 {TaggerModelSha256})");
        return text.ToString();
    }

    /// <summary>Formats the report as JSON for machines (percentages as numbers).</summary>
    /// <returns>The JSON document.</returns>
    public string FormatJson() => JsonSerializer.Serialize(
        new
        {
            treebank = Treebank,
            sentences = Sentences,
            words = Tagging.Words,
            upos_accuracy = Tagging.UposAccuracy,
            xpos_accuracy = Tagging.XposAccuracy,
            noun = Counts(Tagging.Noun),
            propn = Counts(Tagging.ProperNoun),
            noun_or_propn_f1 = Tagging.NounOrProperNounF1,
            noun_lemma_accuracy = Tagging.NounLemmaAccuracy,
            raw_text_nouns = Counts(RawTextNouns),
            raw_text_skipped_sentences = RawTextSkippedSentences,
            tagger_model = TaggerModel,
            tagger_model_sha256 = TaggerModelSha256,
        },
        JsonOptions);

    private static object Counts(MatchCounts counts) =>
        new { gold = counts.Gold, predicted = counts.Predicted, matched = counts.Matched, precision = counts.Precision, recall = counts.Recall, f1 = counts.F1 };

    private static void Line(StringBuilder text, FormattableString line) =>
        text.Append(line.ToString(CultureInfo.InvariantCulture)).Append('\n');
}
