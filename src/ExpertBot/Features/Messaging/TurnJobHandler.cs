using System.Text.Json;
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
        // Someone is waiting for the reply: turns go before background work and have slots of their own.
        Lane = JobLane.Interactive,
    };

    public Task HandleAsync(JobContext job, CancellationToken ct)
    {
        // It passed ProtocolJson.TryParse when it was stored, so a straight deserialize suffices (no second document
        // parse on the hot path); if it fails now the row is damaged: fail loudly (it dead-letters) rather than drop it.
        Activity? activity;
        try
        {
            activity = JsonSerializer.Deserialize<Activity>(job.Payload, ProtocolJson.Options);
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"Stored turn {job.Id} no longer parses: {ex.Message}", ex);
        }
        if (string.IsNullOrWhiteSpace(activity?.Type))
        {
            throw new InvalidOperationException($"Stored turn {job.Id} no longer parses: it has no \"type\".");
        }
        return handler.HandleAsync(activity, ct);
    }

    // Activities without an id (some clients' typing indicators) cannot be recognised again; each is its own turn.
    private static string DedupKey(Activity activity) => string.IsNullOrEmpty(activity.Id)
        ? $"{Kind}:{Guid.NewGuid():N}"
        : NewJob.Key($"{Kind}:{activity.ChannelId}", activity.Conversation?.Id, activity.Id);
}
