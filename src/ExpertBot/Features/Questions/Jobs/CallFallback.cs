using ExpertBot.Protocol.Activities;
using ExpertBot.Protocol.Connector;
using ExpertBot.Storage.Jobs;

namespace ExpertBot.Features.Questions.Jobs;

/// <summary>Nobody took the question in any step: tell the pool's fallback.</summary>
internal sealed record CallFallback(long QuestionId) : IJob<CallFallback>
{
    public static string Kind => "questions.fallback";
}

internal sealed class CallFallbackHandler(QuestionService questions, QuestionCards cards, BotConnectorClient connector, QuestionRouting routing)
    : IJobHandler<CallFallback>
{
    public async Task HandleAsync(CallFallback job, JobContext context, CancellationToken ct)
    {
        if (await questions.FindAsync(job.QuestionId, ct) is not { } question)
        {
            return;
        }
        var pool = routing.PoolFor(question);
        if (question.ThreadConversationId is { } thread)
        {
            var text = pool.Fallback is { Length: > 0 }
                ? $"<at>Fallback</at> nobody has taken {question.Number} yet; can you step in or reassign it?"
                : $"Nobody has taken {question.Number} yet. Can anyone in this channel help?";
            var message = cards.Text(text);
            if (pool.Fallback is { Length: > 0 } id)
            {
                message.Entities = [new Entity { Type = EntityTypes.Mention, Mentioned = new ChannelAccount { Id = id, Name = "Fallback", AadObjectId = id }, Text = "<at>Fallback</at>" }];
            }
            await connector.SendToConversationAsync(question.AskerChat.ServiceUrl, thread, message, ct);
        }
    }
}
