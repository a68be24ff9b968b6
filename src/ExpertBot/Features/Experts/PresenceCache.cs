using System.Collections.Concurrent;

namespace ExpertBot.Features.Experts;

/// <summary>Where live presence comes from: Graph in production, the directory file in demos.</summary>
internal interface IPresenceSource
{
    /// <summary>Presence of each id it knows; ids it does not know are left out.</summary>
    Task<IReadOnlyDictionary<string, PresenceInfo>> GetAsync(IReadOnlyList<string> ids, CancellationToken ct);
}

/// <summary>
/// Presence for routing candidates, cached briefly: a question ranks the same people several
/// times within a minute (first invitations, escalation), and Graph throttles presence reads.
/// </summary>
internal sealed class PresenceCache(IPresenceSource source, TimeProvider time, TimeSpan maxAge)
{
    private readonly ConcurrentDictionary<string, PresenceInfo> _cache = new(StringComparer.OrdinalIgnoreCase);

    public async Task<IReadOnlyDictionary<string, PresenceInfo>> GetAsync(IEnumerable<string> ids, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var result = new Dictionary<string, PresenceInfo>(StringComparer.OrdinalIgnoreCase);
        var stale = new List<string>();
        foreach (var id in ids.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (_cache.TryGetValue(id, out var cached) && now - cached.FetchedAt < maxAge)
            {
                result[id] = cached;
            }
            else
            {
                stale.Add(id);
            }
        }
        if (stale.Count > 0)
        {
            foreach (var (id, presence) in await source.GetAsync(stale, ct))
            {
                _cache[id] = presence;
                result[id] = presence;
            }
        }
        return result;
    }
}

/// <summary>Demo presence: what the directory file says, read "now".</summary>
internal sealed class DirectoryPresenceSource(IDirectoryStore store, TimeProvider time) : IPresenceSource
{
    public async Task<IReadOnlyDictionary<string, PresenceInfo>> GetAsync(IReadOnlyList<string> ids, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var entries = await store.FindManyAsync(ids, ct);
        return entries
            .Where(e => e.Person.Presence is not null)
            .ToDictionary(e => e.Person.Id, e => e.Person.Presence! with { FetchedAt = now }, StringComparer.OrdinalIgnoreCase);
    }
}
