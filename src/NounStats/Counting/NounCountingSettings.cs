using DataForge.NounStats.Text;

namespace DataForge.NounStats.Counting;

/// <summary>The settings that decide what one caption contributes to a tally; validated with their options object.</summary>
/// <param name="Definition">Which words count as nouns.</param>
/// <param name="KeyForm">How nouns are keyed.</param>
/// <param name="Normalization">Unicode normalization applied to captions first.</param>
public sealed record NounCountingSettings(
    NounDefinition Definition = NounDefinition.All,
    NounKeyForm KeyForm = NounKeyForm.Lemma,
    TextNormalization Normalization = TextNormalization.Nfkc);
