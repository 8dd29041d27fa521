using System.Reflection;

namespace DataForge.NounStats.Reports;

/// <summary>
/// How a report was made: every setting that changes its numbers, the tagger model and its hash, the inputs'
/// fingerprints and the DataForge version. Reports print it beside the numbers, since Table 1 figures made with
/// another noun definition or another corpus size do not compare.
/// </summary>
/// <param name="Definition">Noun definition (<c>--nouns</c>).</param>
/// <param name="KeyForm">How nouns are keyed (<c>--key</c>).</param>
/// <param name="Normalization">Unicode normalization (<c>--normalization</c>).</param>
/// <param name="ValidThreshold">VN threshold (<c>--threshold</c>).</param>
/// <param name="IncludeFailedRows">Whether rows whose status is not success were counted (<c>--include-failed-rows</c>).</param>
/// <param name="SampleNouns">Sample size of VN at a fixed sample size (<c>--vn-sample-nouns</c>).</param>
/// <param name="TaggerModel">The tagger model: <c>shipped</c> or the file given with <c>--model</c>.</param>
/// <param name="TaggerSha256">SHA-256 of the tagger model's bytes.</param>
/// <param name="DataForgeVersion">The DataForge version that counted.</param>
/// <param name="Inputs">One entry per input, in report order.</param>
/// <param name="TextCleaning">Web-text cleaning and code counting (<c>--web-text</c>, <c>--codes-as-nouns</c>) in words.</param>
public sealed record NounStatsProvenance(
    string Definition,
    string KeyForm,
    string Normalization,
    int ValidThreshold,
    bool IncludeFailedRows,
    long SampleNouns,
    string TaggerModel,
    string TaggerSha256,
    string DataForgeVersion,
    IReadOnlyList<InputProvenance> Inputs,
    string TextCleaning)
{
    /// <summary>Gets the version of this assembly as built (informational version, with the commit when known).</summary>
    public static string CurrentVersion { get; } =
        typeof(NounStatsProvenance).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(NounStatsProvenance).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    /// <summary>Describes the web-text settings in words, as reports print them.</summary>
    /// <param name="webText">Whether web text is cleaned.</param>
    /// <param name="codesAsNouns">Whether codes and measurements count as nouns.</param>
    /// <returns>The description.</returns>
    public static string DescribeTextCleaning(bool webText, bool codesAsNouns) =>
        (webText ? "HTML entities decoded; markup and hashtag signs dropped (--web-text)" : "web text not cleaned (--no-web-text)")
        + (codesAsNouns ? "; codes and measurements counted as nouns (--codes-as-nouns)" : "; codes and measurements (9W, 12cm, 4th) not counted as nouns");

    /// <summary>Gets the failed-rows setting in words.</summary>
    public string FailedRows => IncludeFailedRows
        ? "counted (--include-failed-rows)"
        : "left out (status or caption_status not success)";
}
