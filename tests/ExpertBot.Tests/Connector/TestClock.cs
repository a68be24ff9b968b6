using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace ExpertBot.Tests.Connector;

/// <summary>
/// A FakeTimeProvider that also reports every timer the code under test starts, so a test can wait
/// for "the client is now waiting N seconds" as a real signal before moving the clock.
/// </summary>
internal sealed class TestClock : TimeProvider
{
    private readonly FakeTimeProvider _fake = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly Channel<TimeSpan> _timers = Channel.CreateUnbounded<TimeSpan>();

    public override DateTimeOffset GetUtcNow() => _fake.GetUtcNow();

    public override long GetTimestamp() => _fake.GetTimestamp();

    public override long TimestampFrequency => _fake.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = _fake.CreateTimer(callback, state, dueTime, period);
        _timers.Writer.TryWrite(dueTime);
        return timer;
    }

    public void Advance(TimeSpan by) => _fake.Advance(by);

    /// <summary>The due time of the next timer started (waits for it, bounded).</summary>
    public async Task<TimeSpan> NextTimerAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await _timers.Reader.ReadAsync(cts.Token);
    }

    public bool AnyTimerStarted => _timers.Reader.TryPeek(out _);
}
