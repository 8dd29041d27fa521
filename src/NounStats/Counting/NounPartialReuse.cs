using DataForge.Core.Errors;
using Microsoft.Extensions.Logging;

namespace DataForge.NounStats.Counting;

/// <summary>
/// Decides whether a unit's existing partial result may stand for it: only when it was made from the same input
/// bytes with the same count-changing settings. A stale partial from an earlier plain run is recounted (and logged);
/// one a <c>--map-only</c> step made with other settings is refused, since merging it would mix two definitions and
/// silently recounting the whole array's work on the reduce node is not what the user asked for.
/// </summary>
internal static class NounPartialReuse
{
    /// <summary>Returns whether the partial may be reused; throws when a reduce meets map partials made with other settings.</summary>
    /// <param name="existing">The partial's meta, or <see langword="null"/> when there is none.</param>
    /// <param name="wanted">What this run would write for the unit.</param>
    /// <param name="mapOnly">Whether this run is a map step (which simply redoes its own units).</param>
    /// <param name="where">The partials folder and unit, for messages.</param>
    /// <param name="logger">Logs why a partial is recounted.</param>
    /// <returns><see langword="true"/> to reuse the partial.</returns>
    /// <exception cref="OptionsValidationException">A reduce found map partials made with other settings.</exception>
    public static bool CanReuse(NounPartialMeta? existing, NounPartialMeta wanted, bool mapOnly, string where, ILogger logger)
    {
        if (existing is null)
        {
            return false;
        }

        var differences = existing.SettingDifferences(wanted.Settings);
        if (differences.Count > 0 && existing.FromMap && !mapOnly)
        {
            var (option, made, asked) = differences[0];
            throw new OptionsValidationException(
                option,
                $"the partial result {where} was made by a --map-only step with {option} {made}, but this run asks for {asked}"
                + (differences.Count > 1 ? $" (also {string.Join(", ", differences.Skip(1).Select(d => $"{d.Option} {d.Made} → {d.Wanted}"))})" : string.Empty)
                + "; rerun the map steps with the same settings as the reduce, or write the report to another --output");
        }

        if (differences.Count > 0)
        {
            logger.LogInformation(
                "Recounting {Unit}: its partial result was made with {Changes}",
                where,
                string.Join(", ", differences.Select(d => $"{d.Option} {d.Made} (now {d.Wanted})")));
            return false;
        }

        if (existing.Source != wanted.Source)
        {
            logger.LogInformation("Recounting {Unit}: its captions changed since the partial result was made", where);
            return false;
        }

        return true;
    }
}
