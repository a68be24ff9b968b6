using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace ExpertBot.Protocol.Connector;

/// <summary>
/// Keeps each conversation under Teams' limit (about 7 sends per second per conversation) by handing
/// out send slots: the (N+1)-th send in any one-second window waits for the window to move on.
/// Slots are reserved under a short lock and waited for outside it, so sends to one conversation
/// still run concurrently and other conversations are never delayed.
/// </summary>
public sealed class ConversationPacer(TimeProvider time, IOptions<BotConnectorOptions> options)
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    // Windows idle for longer than a second carry no constraint; sweep them once there are many.
    private const int MinSweepThreshold = 4096;

    private readonly ConcurrentDictionary<string, SlotWindow> _windows = new(StringComparer.Ordinal);

    // The next sweep waits until the table is twice what the last one left (and at least the minimum): with more live
    // conversations than a fixed threshold (thousands of new ones a second, each younger than the window), a fixed
    // threshold would sweep the whole table on every send. Doubling keeps the sweeping amortised O(1) per send.
    private int _sweepAt = MinSweepThreshold;
    // Our own count of the table: ConcurrentDictionary.Count takes every one of its locks, which on every send cost more
    // than the rest of the reservation.
    private int _count;
    private int _sweeping;
    private int _sweeps;

    /// <summary>Conversations with a window in the table (live or not yet swept).</summary>
    internal int Tracked => Volatile.Read(ref _count);

    /// <summary>How many sweeps ran (tests check that they stay rare).</summary>
    internal int Sweeps => Volatile.Read(ref _sweeps);

    public async Task WaitTurnAsync(string conversationId, CancellationToken ct)
    {
        var delay = Reserve(conversationId);
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, time, ct);
        }
    }

    /// <summary>Reserves the next slot for the conversation and returns how long to wait for it.</summary>
    internal TimeSpan Reserve(string conversationId)
    {
        var limit = options.Value.SendsPerSecondPerConversation;
        if (Volatile.Read(ref _count) > Volatile.Read(ref _sweepAt) && Interlocked.Exchange(ref _sweeping, 1) == 0)
        {
            // One sender sweeps; the others carry on (a sweep is housekeeping, never a condition for a slot).
            try
            {
                Sweep();
                Interlocked.Increment(ref _sweeps);
                Volatile.Write(ref _sweepAt, (int)Math.Min(int.MaxValue, Math.Max(MinSweepThreshold, 2L * Volatile.Read(ref _count))));
            }
            finally
            {
                Volatile.Write(ref _sweeping, 0);
            }
        }
        while (true)
        {
            if (!_windows.TryGetValue(conversationId, out var window))
            {
                window = new SlotWindow();
                if (_windows.TryAdd(conversationId, window))
                {
                    Interlocked.Increment(ref _count);
                }
                else
                {
                    continue; // Another sender added it first: use theirs.
                }
            }
            lock (window)
            {
                if (window.Removed)
                {
                    continue; // Swept between lookup and lock: take the fresh window.
                }
                var now = time.GetUtcNow();
                // Slots are handed out in non-decreasing order, so the queue holds the last N in order.
                var slot = window.Slots.Count == 0 ? now : Max(now, window.Last);
                if (window.Slots.Count >= limit)
                {
                    slot = Max(slot, window.Slots.Peek() + Window);
                }
                window.Slots.Enqueue(slot);
                window.Last = slot;
                while (window.Slots.Count > limit)
                {
                    window.Slots.Dequeue();
                }
                return slot - now;
            }
        }
    }

    private void Sweep()
    {
        var idleBefore = time.GetUtcNow() - Window;
        foreach (var (id, window) in _windows)
        {
            lock (window)
            {
                if (window.Last < idleBefore)
                {
                    window.Removed = true;
                    if (_windows.TryRemove(new KeyValuePair<string, SlotWindow>(id, window)))
                    {
                        Interlocked.Decrement(ref _count);
                    }
                }
            }
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private sealed class SlotWindow
    {
        public Queue<DateTimeOffset> Slots { get; } = new();
        public DateTimeOffset Last { get; set; }
        public bool Removed { get; set; }
    }
}
