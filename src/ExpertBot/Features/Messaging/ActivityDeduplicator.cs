using System.Collections.Concurrent;
using ExpertBot.Protocol.Activities;

namespace ExpertBot.Features.Messaging;

/// <summary>
/// Remembers activity ids seen in the last hour so a redelivery is processed once.
/// In memory for now: durability across restarts needs the storage layer (not built yet).
/// </summary>
internal sealed class ActivityDeduplicator(TimeProvider time)
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(1);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);

    public bool FirstTime(Activity activity)
    {
        if (string.IsNullOrEmpty(activity.Id))
        {
            return true; // Nothing to deduplicate on (e.g. Web Chat typing); accept it.
        }
        var now = time.GetUtcNow();
        var key = $"{activity.ChannelId}|{activity.Conversation?.Id}|{activity.Id}";
        if (_seen.Count > 100_000)
        {
            foreach (var (k, at) in _seen)
            {
                if (now - at > Window)
                {
                    _seen.TryRemove(k, out _);
                }
            }
        }
        return _seen.TryAdd(key, now);
    }
}
