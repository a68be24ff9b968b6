using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace ExpertBot.Tests.Integrations.Crm;

/// <summary>
/// Fake time for the connectors' resilience pipelines: nothing waits until the test moves the clock. Every timer started
/// is recorded with its due time, so a test sees "the connector now waits 7 s" (the Retry-After it was given) as a fact,
/// then moves the clock by exactly that.
/// </summary>
internal sealed class CrmClock : FakeTimeProvider
{
    private readonly ConcurrentQueue<TimeSpan> _started = new();
    private readonly SemaphoreSlim _timerStarted = new(0);

    public CrmClock() : base(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero))
    {
    }

    /// <summary>Due times of every timer started so far.</summary>
    public IReadOnlyCollection<TimeSpan> Started => _started;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        _started.Enqueue(dueTime);
        _timerStarted.Release();
        return timer;
    }

    /// <summary>Waits (bounded, real time) until a timer of exactly <paramref name="due"/> was started, then moves the clock by it.</summary>
    public async Task AdvanceWhenWaitingAsync(TimeSpan due)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!_started.Contains(due))
        {
            await _timerStarted.WaitAsync(limit.Token);
        }
        Advance(due);
    }
}
