using ExpertBot.Storage.Jobs;
using ExpertBot.Teams;

namespace ExpertBot.Features.Ideas.Jobs;

/// <summary>Tells one agent who raised or voted for an idea what changed (status, response, a merge), 1:1.</summary>
internal sealed record NotifySupporter(long IdeaId, long? MergedFromId, string UserId, ConversationRef Chat) : IJob<NotifySupporter>
{
    public static string Kind => "ideas.notify";
}

/// <summary>
/// Sends the idea as it is when the job runs (a later change is never contradicted by an earlier note arriving late);
/// always to the agent's 1:1 chat with the bot, never to the channel they raised it from.
/// </summary>
internal sealed class NotifySupporterHandler(IdeaService ideas, IdeaCards cards, PersonalChats chats, JobEffects effects) : IJobHandler<NotifySupporter>
{
    public async Task HandleAsync(NotifySupporter job, JobContext context, CancellationToken ct)
    {
        if (await ideas.FindAsync(job.IdeaId, ct) is not { } idea)
        {
            return; // Gone meanwhile: nothing to tell.
        }
        var from = job.MergedFromId is { } id ? await ideas.FindAsync(id, ct) : null;
        var card = cards.Update(idea, from);
        // Recorded once sent: a run after a crash does not send it again.
        await effects.OnceAsync(context, "send", async c =>
        {
            await chats.SendToAsync(job.Chat, card, c);
            return new EffectResult(null, null);
        }, ct);
    }
}
