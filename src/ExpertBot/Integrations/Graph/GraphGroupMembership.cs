using System.Collections.Concurrent;
using ExpertBot.Features.Experts;
using ExpertBot.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Graph.Users.Item.CheckMemberGroups;

namespace ExpertBot.Integrations.Graph;

/// <summary>
/// Group membership from Graph: users/{id}/checkMemberGroups (transitive; 20 ids a call; User.Read.All and
/// GroupMember.Read.All). An answer is kept per person and group for Graph:GroupCacheDuration, so repeated clicks cost no
/// Graph call. Configured ids that name people of the directory are user ids, not groups, and are never sent. A failed
/// look-up finds no group and is not kept: the role is refused this time and asked for again on the next click. A look-up
/// Graph throttles gives up after Graph:GroupLookupTimeout, so a click is answered while Teams still waits for it.
/// </summary>
internal sealed class GraphGroupMembership(
    GraphServiceClient graph, ExpertDirectory directory, IOptions<GraphOptions> options, TimeProvider time, ILogger<GraphGroupMembership> logger)
    : IGroupMembership
{
    /// <summary>Graph's limit of group ids per checkMemberGroups call.</summary>
    public const int MaxIdsPerCall = 20;

    /// <summary>Answers kept before expired ones are dropped (people x configured groups stays small; this only bounds it).</summary>
    private const int PruneAbove = 10_000;

    private readonly ConcurrentDictionary<string, (bool Member, DateTimeOffset Until)> _known = new(StringComparer.OrdinalIgnoreCase);

    public async Task<IReadOnlySet<string>> GroupsOfAsync(string userId, IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        var member = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        // Only an Entra user (an object id) is in groups; Web Chat and anonymous ids are not.
        if (!Guid.TryParse(userId, out _))
        {
            return member;
        }
        var now = time.GetUtcNow();
        var ask = new List<string>();
        foreach (var id in ids.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (!Guid.TryParse(id, out _) || string.Equals(id, userId, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            if (_known.TryGetValue(Key(userId, id), out var known) && known.Until > now)
            {
                if (known.Member)
                {
                    member.Add(id);
                }
                continue;
            }
            if (await directory.FindAsync(id, ct) is null)
            {
                ask.Add(id);
            }
        }
        if (ask.Count > 0)
        {
            await AskGraphAsync(userId, ask, member, ct);
        }
        return member;
    }

    private async Task AskGraphAsync(string userId, List<string> ask, HashSet<string> member, CancellationToken ct)
    {
        using var timeout = new CancellationTokenSource(options.Value.GroupLookupTimeout, time);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        try
        {
            foreach (var chunk in ask.Chunk(MaxIdsPerCall))
            {
                var response = await graph.Users[userId].CheckMemberGroups.PostAsCheckMemberGroupsPostResponseAsync(
                    new CheckMemberGroupsPostRequestBody { GroupIds = [.. chunk] }, cancellationToken: bounded.Token);
                var found = new HashSet<string>(response?.Value ?? [], StringComparer.OrdinalIgnoreCase);
                var until = time.GetUtcNow() + options.Value.GroupCacheDuration;
                foreach (var id in chunk)
                {
                    _known[Key(userId, id)] = (found.Contains(id), until);
                    if (found.Contains(id))
                    {
                        member.Add(id);
                    }
                }
            }
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            Log.GroupLookupFailed(logger, userId, ex);
        }
        Prune();
    }

    private void Prune()
    {
        if (_known.Count <= PruneAbove)
        {
            return;
        }
        var now = time.GetUtcNow();
        foreach (var (key, value) in _known)
        {
            if (value.Until <= now)
            {
                _known.TryRemove(key, out _);
            }
        }
    }

    private static string Key(string userId, string groupId) => userId + "|" + groupId;
}
