namespace ExpertBot.Features.Routing;

/// <summary>
/// Picks k experts who together cover the question's topics. Greedy, on top of the ranker's order: the best-ranked
/// expert comes first; each next pick is the one with the highest score × (1 + <see cref="CoverBonus"/> × number of
/// the question's topics they know that nobody picked so far knows). So an expert who brings a missing topic can pass
/// a slightly better-scored one who only repeats what the group already knows, but a weak match never jumps a strong
/// one by much. With one topic or none it is just the top k.
/// </summary>
internal static class TopicCover
{
    public const double CoverBonus = 0.5;

    /// <param name="knows">Which of the given topics an expert knows.</param>
    public static IReadOnlyList<RankedExpert> Pick(IReadOnlyList<RankedExpert> ranked, IReadOnlyList<string> topics,
        Func<string, IReadOnlyList<string>, IReadOnlySet<string>> knows, int count)
    {
        if (topics.Count <= 1 || ranked.Count <= count)
        {
            return [.. ranked.Take(count)];
        }
        var remaining = ranked.ToList();
        var known = remaining.ToDictionary(r => r.ExpertId, r => knows(r.ExpertId, topics), StringComparer.Ordinal);
        var covered = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var picked = new List<RankedExpert>(count);
        while (picked.Count < count && remaining.Count > 0)
        {
            var best = 0;
            var bestValue = double.MinValue;
            var bestNew = 0;
            for (var i = 0; i < remaining.Count; i++)
            {
                var fresh = known[remaining[i].ExpertId].Count(t => !covered.Contains(t));
                var value = remaining[i].Score * (1 + (picked.Count == 0 ? 0 : CoverBonus * fresh));
                if (value > bestValue)
                {
                    (best, bestValue, bestNew) = (i, value, fresh);
                }
            }
            var chosen = remaining[best];
            remaining.RemoveAt(best);
            var adds = known[chosen.ExpertId].Where(t => !covered.Contains(t)).ToList();
            covered.UnionWith(known[chosen.ExpertId]);
            // Say so when coverage, not rank alone, brought someone in: the invitation card shows this line.
            picked.Add(picked.Count > 0 && bestNew > 0 ? chosen with { Why = $"{chosen.Why}; covers {string.Join(", ", adds)}" } : chosen);
        }
        return picked;
    }
}
