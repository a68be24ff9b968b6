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
    }
}
