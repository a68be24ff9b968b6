using ExpertBot.Features.Conversation;
using ExpertBot.Protocol.Activities;
using ExpertBot.Storage.Jobs;

namespace ExpertBot.Features.Messaging;

/// <summary>
/// Runs a turn stored by /api/messages. The turn is a job so an acknowledged activity survives a crash and a redelivery
/// (same channel, conversation and activity id) is stored, and so run, once.
/// </summary>
internal sealed class TurnJobHandler(ConversationHandler handler) : IJobHandler
{
    public const string Kind = "turn";

    /// <summary>The job for an incoming activity; the payload is the body exactly as received (nothing is lost).</summary>
    public static NewJob For(Activity activity, string body) => new(Kind, DedupKey(activity), body)
    {
        OrderingKey = NewJob.Key(activity.ChannelId, activity.Conversation?.Id),
    };

    public Task HandleAsync(JobContext job, CancellationToken ct)
    {
        if (!ProtocolJson.TryParse(System.Text.Encoding.UTF8.GetBytes(job.Payload), out var activity, out var error))
        {
            // It parsed when it was stored, so this is a damaged row: fail loudly (it dead-letters) rather than drop it.
            throw new InvalidOperationException($"Stored turn {job.Id} no longer parses: {error}");
        }
        return handler.HandleAsync(activity!, ct);
    }

    // Activities without an id (some clients' typing indicators) cannot be recognised again; each is its own turn.
    private static string DedupKey(Activity activity) => string.IsNullOrEmpty(activity.Id)
        ? $"{Kind}:{Guid.NewGuid():N}"
        : NewJob.Key($"{Kind}:{activity.ChannelId}", activity.Conversation?.Id, activity.Id);
}
