using ExpertBot.Features.Experts;
using ExpertBot.Integrations.Graph;

namespace ExpertBot.Tests.Experts;

public sealed class PresenceTests
{
    [Fact]
    public async Task Presence_is_read_650_ids_a_call_and_cached_for_a_minute()
    {
        await using var h = new GraphHarness();
        for (var i = 1; i <= 700; i++)
        {
            h.Graph.Add(new FakeUser(GraphHarness.UserId(i), $"User {i}") { Availability = i % 2 == 0 ? "Busy" : "Available" });
        }
        var cache = new PresenceCache(new GraphPresenceSource(h.Client, h.Time), h.Time, TimeSpan.FromSeconds(60));
        var ids = Enumerable.Range(1, 700).Select(GraphHarness.UserId).ToList();

        var first = await cache.GetAsync(ids, default);

        Assert.Equal(700, first.Count);
        Assert.Equal([650, 50], h.Graph.PresenceCallSizes);
        Assert.Equal("Busy", first[GraphHarness.UserId(2)].Availability);
        Assert.True(first[GraphHarness.UserId(1)].IsAvailable);
        Assert.Equal(h.Time.GetUtcNow(), first[GraphHarness.UserId(1)].FetchedAt);

        h.Time.Advance(TimeSpan.FromSeconds(59));
        await cache.GetAsync(ids.Take(10), default);
        Assert.Equal(2, h.Graph.PresenceCallSizes.Count);

        h.Time.Advance(TimeSpan.FromSeconds(2));
        h.Graph.Update(GraphHarness.UserId(1), u => u with { Availability = "DoNotDisturb" });
        var later = await cache.GetAsync([GraphHarness.UserId(1)], default);
        Assert.Equal([650, 50, 1], h.Graph.PresenceCallSizes);
        Assert.Equal("DoNotDisturb", later[GraphHarness.UserId(1)].Availability);
        Assert.False(later[GraphHarness.UserId(1)].IsAvailable);
    }
}
