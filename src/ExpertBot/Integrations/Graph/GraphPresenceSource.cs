using ExpertBot.Features.Experts;
using Microsoft.Graph;
using Microsoft.Graph.Communications.GetPresencesByUserId;

namespace ExpertBot.Integrations.Graph;

/// <summary>Teams presence from communications/getPresencesByUserId (Presence.Read.All), 650 ids a call at most.</summary>
internal sealed class GraphPresenceSource(GraphServiceClient graph, TimeProvider time) : IPresenceSource
{
    /// <summary>Graph's limit of ids per getPresencesByUserId call.</summary>
    public const int MaxIdsPerCall = 650;

    public async Task<IReadOnlyDictionary<string, PresenceInfo>> GetAsync(IReadOnlyList<string> ids, CancellationToken ct)
    {
        var result = new Dictionary<string, PresenceInfo>(StringComparer.OrdinalIgnoreCase);
        foreach (var chunk in ids.Chunk(MaxIdsPerCall))
        {
            var response = await graph.Communications.GetPresencesByUserId.PostAsGetPresencesByUserIdPostResponseAsync(
                new GetPresencesByUserIdPostRequestBody { Ids = [.. chunk] }, cancellationToken: ct);
            var now = time.GetUtcNow();
            foreach (var presence in response?.Value ?? [])
            {
                if (presence.Id is { } id)
                {
                    result[id] = new PresenceInfo(presence.Availability ?? "PresenceUnknown", presence.Activity ?? "PresenceUnknown", now);
                }
            }
        }
        return result;
    }
}
