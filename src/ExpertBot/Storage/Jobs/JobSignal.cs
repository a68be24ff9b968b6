using System.Threading.Channels;

namespace ExpertBot.Storage.Jobs;

/// <summary>
/// Wakes the local worker right after a commit that added runnable jobs, so a turn does not wait for the next poll.
/// Only a hint: losing it (another instance enqueued, a crash) costs at most one poll interval.
/// </summary>
internal sealed class JobSignal
{
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Wake() => _wake.Writer.TryWrite(true);

    /// <summary>Forget earlier wake-ups; call before looking for work so none that arrives after is missed.</summary>
    public void Reset() => _wake.Reader.TryRead(out _);

    /// <summary>Waits for a wake-up or <paramref name="poll"/> (the poll interval's delay), whichever comes first.</summary>
    public async Task WaitAsync(Task poll, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var wake = _wake.Reader.WaitToReadAsync(cts.Token).AsTask();
        await Task.WhenAny(wake, poll);
        await cts.CancelAsync(); // Stop the wait for a wake-up if the poll ended it.
        ct.ThrowIfCancellationRequested();
    }
}
