namespace DataForge.NounStats.Counting;

/// <summary>
/// What a unit's partial result was made from (<c>UNIT.meta.json</c>, written last: the unit's done-marker): the
/// fingerprint of its input and every setting that changes counts. A partial is reused only when both match.
/// </summary>
/// <param name="Source">Fingerprint of the captions the unit counted (<see cref="Inputs.InputFingerprint.OfCaptions"/>).</param>
/// <param name="Settings">Each count-changing setting by its option name (<c>--nouns</c>, <c>--key</c>, …) and value.</param>
/// <param name="FromMap">Whether a <c>--map-only</c> step wrote it; a reduce refuses such partials made with other settings.</param>
/// <param name="LeftOutRows">Rows of the unit left out because their status is not success.</param>
public sealed record NounPartialMeta(string Source, IReadOnlyDictionary<string, string> Settings, bool FromMap, long LeftOutRows)
{
    /// <summary>Lists the settings whose values differ from <paramref name="wanted"/>, by option name.</summary>
    /// <param name="wanted">The settings of the current run.</param>
    /// <returns>(option, this partial's value, the run's value) for each difference, ordered by option.</returns>
    public IReadOnlyList<(string Option, string Made, string Wanted)> SettingDifferences(IReadOnlyDictionary<string, string> wanted)
    {
        ArgumentNullException.ThrowIfNull(wanted);
        return wanted.Keys.Union(Settings.Keys, StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(k => (k, Settings.GetValueOrDefault(k, "(not recorded)"), wanted.GetValueOrDefault(k, "(not recorded)")))
            .Where(d => d.Item2 != d.Item3)
            .ToList();
    }
}
