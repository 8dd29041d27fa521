namespace DataForge.Core.Manifests;

/// <summary>
/// Makes a manifest's stage parameters say what its shards were really made with. Each shard records in its stats the
/// parameters of the run that wrote it; a rerun that skips finished shards must not claim its own parameters for
/// them (a caption rerun with another <c>--prompt</c>, an ingest rerun with another <c>--image-size</c>).
/// </summary>
public static class ShardParameterReconciler
{
    /// <summary>
    /// Sets each parameter the shards record to the value most shards hold (ties go to the lowest shard), and leaves on
    /// each shard only the parameters in which it differs. Parameters no shard records (batch size, device, …: how the
    /// run went, not what it made) keep the running stage's values. Shards that record nothing (written by an older
    /// version) are left out of the vote.
    /// </summary>
    /// <param name="stage">The stage that wrote the shards, holding the current run's parameters; updated in place.</param>
    /// <param name="shards">The shards as <see cref="ManifestStore.DescribeShardsAsync"/> describes them; updated in place.</param>
    public static void Reconcile(ManifestStage stage, IReadOnlyList<ManifestShard> shards)
    {
        ArgumentNullException.ThrowIfNull(stage);
        ArgumentNullException.ThrowIfNull(shards);
        var recorded = shards.Where(s => s.Parameters is not null).ToList();
        var keys = recorded.SelectMany(s => s.Parameters!.Keys).Distinct(StringComparer.Ordinal).ToList();
        foreach (var key in keys)
        {
            // GroupBy keeps first-occurrence order, so the stable ordering breaks ties towards the lowest shard.
            var winner = recorded
                .Select(s => s.Parameters!.GetValueOrDefault(key))
                .GroupBy(v => v ?? "\0null", StringComparer.Ordinal)
                .OrderByDescending(g => g.Count())
                .First()
                .First();
            stage.Parameters[key] = winner;
        }

        foreach (var shard in recorded)
        {
            var differing = new SortedDictionary<string, string?>(StringComparer.Ordinal);
            foreach (var (key, value) in shard.Parameters!)
            {
                if (!string.Equals(stage.Parameters.GetValueOrDefault(key), value, StringComparison.Ordinal))
                {
                    differing[key] = value;
                }
            }

            shard.Parameters = differing.Count == 0 ? null : differing;
        }
    }

    /// <summary>Describes the parameters in which finished shards differ from a run, for a log line or a message.</summary>
    /// <param name="runParameters">The running stage's parameters.</param>
    /// <param name="shards">The described shards, before <see cref="Reconcile"/>.</param>
    /// <returns>One entry per differing parameter (<c>prompt: 'a' in 3 shards, this run 'b'</c>); empty when all agree.</returns>
    public static IReadOnlyList<string> Differences(IReadOnlyDictionary<string, string?> runParameters, IReadOnlyList<ManifestShard> shards)
    {
        ArgumentNullException.ThrowIfNull(runParameters);
        ArgumentNullException.ThrowIfNull(shards);
        var result = new List<string>();
        foreach (var (key, value) in runParameters)
        {
            var others = shards
                .Where(s => s.Parameters is not null && s.Parameters.TryGetValue(key, out var v) && !string.Equals(v, value, StringComparison.Ordinal))
                .GroupBy(s => s.Parameters![key] ?? "", StringComparer.Ordinal)
                .Select(g => $"'{g.Key}' in {g.Count()} shard{(g.Count() == 1 ? "" : "s")}")
                .ToList();
            if (others.Count > 0)
            {
                result.Add($"{key}: {string.Join(", ", others)}, this run '{value}'");
            }
        }

        return result;
    }
}
