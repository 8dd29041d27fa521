using DataForge.NounStats.Text;

namespace DataForge.NounStats.Counting;

/// <summary>The settings that decide what one caption contributes to a tally; validated with their options object.</summary>
/// <param name="Definition">Which words count as nouns.</param>
/// <param name="KeyForm">How nouns are keyed.</param>
/// <param name="Normalization">Unicode normalization applied to captions first.</param>
/// <param name="WebText">Whether HTML entities, markup and hashtag signs are cleaned before tokenizing (<see cref="Text.WebText"/>).</param>
/// <param name="CodesAsNouns">Whether alphanumeric codes and measurements (<c>9W</c>, <c>12cm</c>, <c>4th</c>) tagged as nouns count as nouns; UD tags them NUM or X.</param>
public sealed record NounCountingSettings(
    NounDefinition Definition = NounDefinition.All,
    NounKeyForm KeyForm = NounKeyForm.Lemma,
    TextNormalization Normalization = TextNormalization.Nfkc,
    bool WebText = true,
    bool CodesAsNouns = false);
