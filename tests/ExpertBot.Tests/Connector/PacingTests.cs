using ExpertBot.Protocol.Activities;
using ExpertBot.Protocol.Connector;

namespace ExpertBot.Tests.Connector;

/// <summary>At most 7 sends per second per conversation; other conversations are not held up.</summary>
public sealed class PacingTests : IAsyncLifetime
{
    private readonly ConnectorHarness _h = ConnectorHarness.AuthOff();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private Task<ResourceResponse> Send(string conversationId, string text) =>
        _h.Client.SendToConversationAsync(_h.LoopbackServiceUrl, conversationId, new Activity { Type = "message", Text = text }, CancellationToken.None);

    [Fact]
    public async Task The_eighth_send_in_one_second_waits_for_the_next_second_and_other_conversations_do_not()
    {
        var start = _h.Clock.GetUtcNow();

        var sends = Enumerable.Range(1, 8).Select(i => Send("a:busy", $"msg {i}")).ToList();
        for (var i = 0; i < 7; i++)
        {
            await _h.Connector.NextAsync();
        }
        Assert.Equal(TimeSpan.FromSeconds(1), await _h.Clock.NextTimerAsync());
        await Task.WhenAll(sends.Take(7));
        Assert.False(sends[7].IsCompleted);

        // Another conversation goes straight through while a.busy is held.
        await Send("a:quiet", "other");
        Assert.Equal("/v3/conversations/a%3Aquiet/activities", (await _h.Connector.NextAsync()).RawPath);
        Assert.False(sends[7].IsCompleted);

        _h.Clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(sends[7].IsCompleted);
        _h.Clock.Advance(TimeSpan.FromMilliseconds(1));
        await sends[7];

        var busy = _h.Connector.All.Where(r => r.RawPath.Contains("busy", StringComparison.Ordinal)).ToList();
        Assert.Equal(7, busy.Count(r => r.ReceivedAt == start));
        var eighth = Assert.Single(busy, r => r.ReceivedAt != start);
        Assert.Equal(start + TimeSpan.FromSeconds(1), eighth.ReceivedAt);
        Assert.Equal("msg 8", eighth.Body!["text"]!.GetValue<string>());
    }

    [Fact]
    public void Slots_free_up_as_the_window_moves()
    {
        var pacer = _h.Get<ConversationPacer>();
        var waits = Enumerable.Range(0, 7).Select(_ => pacer.Reserve("c")).ToList();
        Assert.All(waits, w => Assert.Equal(TimeSpan.Zero, w));

        // Half a second later the window still holds 7 sends: the next waits for the oldest to age out.
        _h.Clock.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(TimeSpan.FromMilliseconds(500), pacer.Reserve("c"));
        Assert.Equal(TimeSpan.FromMilliseconds(500), pacer.Reserve("c"));

        // Two seconds on, a fresh burst of 7 is free again.
        _h.Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.All(Enumerable.Range(0, 7).Select(_ => pacer.Reserve("c")), w => Assert.Equal(TimeSpan.Zero, w));
        Assert.Equal(TimeSpan.FromSeconds(1), pacer.Reserve("c"));
    }

    [Fact]
    public void Many_live_conversations_are_swept_rarely_and_idle_ones_still_go()
    {
        var pacer = _h.Get<ConversationPacer>();

        // 20,000 new conversations within one second, all live: a fixed sweep threshold would sweep the whole table on
        // nearly every send past it; a threshold that doubles with the table sweeps a handful of times.
        for (var i = 0; i < 20_000; i++)
        {
            Assert.Equal(TimeSpan.Zero, pacer.Reserve($"live-{i}"));
        }
        Assert.Equal(20_000, pacer.Tracked);
        Assert.InRange(pacer.Sweeps, 1, 4);

        // Two seconds on, those windows are idle: the next sweep drops them, and keeps the live ones with their slots.
        _h.Clock.Advance(TimeSpan.FromSeconds(2));
        var sweepsBefore = pacer.Sweeps;
        Assert.All(Enumerable.Range(0, 7).Select(_ => pacer.Reserve("busy")), w => Assert.Equal(TimeSpan.Zero, w));
        for (var i = 0; pacer.Sweeps == sweepsBefore; i++)
        {
            Assert.True(i < 100_000, "no sweep happened");
            pacer.Reserve($"later-{i}");
        }
        Assert.InRange(pacer.Tracked, 1, 20_000);
        Assert.Equal(TimeSpan.FromSeconds(1), pacer.Reserve("busy")); // its window survived the sweep
    }
}
