using ExpertBot.Protocol.Connector;
using ExpertBot.Storage.Jobs;
using ExpertBot.Teams;

namespace ExpertBot.Features.Questions.Jobs;

/// <summary>Relay an expert's reply in the thread (by its source activity) to the asker's chat, as a card they can answer or accept.</summary>
internal sealed record RelayToAsker(long QuestionId, string SourceActivityId) : IJob<RelayToAsker>
{
    public static string Kind => "questions.relay-to-asker";
}

internal sealed class RelayToAskerHandler(QuestionService questions, QuestionCards cards, PersonalChats chats, JobEffects effects) : IJobHandler<RelayToAsker>
{
    public async Task HandleAsync(RelayToAsker job, JobContext context, CancellationToken ct)
    {
        if (await questions.FindAsync(job.QuestionId, ct) is { } question
            && question.Contributions.FirstOrDefault(c => c.SourceActivityId == job.SourceActivityId) is { } reply)
        {
            // Recorded once sent: a run after a crash does not relay it again.
            await effects.OnceAsync(context, "send", async c =>
            {
                await chats.SendToAsync(question.AskerChat, cards.ExpertReply(question, reply), c);
                return new EffectResult(null, null);
            }, ct);
        }
    }
}

/// <summary>Relay the asker's follow-up (by its source) to the experts' thread.</summary>
internal sealed record RelayToThread(long QuestionId, string SourceActivityId) : IJob<RelayToThread>
{
    public static string Kind => "questions.relay-to-thread";
}

internal sealed class RelayToThreadHandler(QuestionService questions, QuestionCards cards, BotConnectorClient connector, JobEffects effects) : IJobHandler<RelayToThread>
{
    public async Task HandleAsync(RelayToThread job, JobContext context, CancellationToken ct)
    {
        if (await questions.FindAsync(job.QuestionId, ct) is { ThreadConversationId: { } thread } question
            && question.Contributions.FirstOrDefault(c => c.SourceActivityId == job.SourceActivityId) is { } followUp)
        {
            // The label says what the author is to the question, from the stored record: only the asker's follow-ups are relayed.
            var label = string.Equals(followUp.AuthorId, question.AskerId, StringComparison.OrdinalIgnoreCase) ? "asker" : "follower";
            var relay = cards.Text($"{followUp.AuthorName} ({label}) on {QuestionService.Named(question)}: {followUp.Text}");
            await effects.OnceAsync(context, "send", async c =>
                new EffectResult((await connector.SendToConversationAsync(question.AskerChat.ServiceUrl, thread, relay, c)).Id, thread), ct);
        }
    }
}
