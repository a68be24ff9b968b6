using ExpertBot.Features.Questions;

namespace ExpertBot.Features.Routing;

/// <summary>Placeholder until the routing service lands: no candidates, no channel (questions go to the fallback).</summary>
internal sealed record ExpertPool(string Name, string? TeamId, string? ChannelId, string? Fallback);

internal sealed class RoutingService
{
    public Task<IReadOnlyList<Candidate>> FindExpertsAsync(Question question, IReadOnlyCollection<string> exclude, int count, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<Candidate>>([]);

    public ExpertPool PoolFor(Question question) => new("Default", null, null, null);
}
