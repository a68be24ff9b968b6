using ExpertBot.Protocol.Connector;
using ExpertBot.Storage.Jobs;

namespace ExpertBot.Features.Questions.Jobs;

/// <summary>Bring every copy of the question card up to date after a change (to <see cref="Version"/>).</summary>
internal sealed record RefreshQuestionCards(long QuestionId, int Version) : IJob<RefreshQuestionCards>
{
    public static string Kind => "questions.refresh";
}

/// <summary>Updates every copy of the question card in place: the thread root and the asker's copy. An update is idempotent.</summary>
internal sealed class RefreshQuestionCardsHandler(QuestionService questions, QuestionCards cards, BotConnectorClient connector)
    : IJobHandler<RefreshQuestionCards>
{
    public async Task HandleAsync(RefreshQuestionCards job, JobContext context, CancellationToken ct)
    {
        if (await questions.FindAsync(job.QuestionId, ct) is not { } question)
        {
            return;
        }
        var serviceUrl = question.AskerChat.ServiceUrl;
        if (question.ThreadConversationId is { } thread && question.ThreadRootActivityId is { } root)
        {
            await connector.UpdateActivityAsync(serviceUrl, thread, root, cards.Status(question), ct);
        }
        if (question.AskerCardActivityId is { } askerCard)
        {
            await connector.UpdateActivityAsync(serviceUrl, question.AskerChat.ConversationId, askerCard, cards.Status(question), ct);
        }
        // Every invitation card, so none keeps offering "I'll take it" once the question moved on: the step's shared card
        // in the thread, and each expert's 1:1 card.
        foreach (var card in question.Invitations.Where(i => i.CardActivityId is not null).GroupBy(i => (i.CardConversationId!, i.CardActivityId!)))
        {
            var shared = card.Count() > 1 || card.Key.Item1.Contains(";messageid=", StringComparison.Ordinal);
            var invitation = shared ? cards.ChannelInvitation(question, [.. card]) : cards.Invitation(question, card.First());
            await connector.UpdateActivityAsync(serviceUrl, card.Key.Item1, card.Key.Item2, invitation, ct);
        }
    }
}
