using ExpertBot.Features.Experts;
using ExpertBot.Features.Routing;
using ExpertBot.Protocol.Activities;
using ExpertBot.Protocol.Connector;
using ExpertBot.Storage.Jobs;
using ExpertBot.Teams;

namespace ExpertBot.Features.Questions.Jobs;

/// <summary>Nobody took the question in any step: ask the pool's fallback (its supervisor 1:1, its fallback channel), then tell the asker who.</summary>
internal sealed record CallFallback(long QuestionId) : IJob<CallFallback>
{
    public static string Kind => "questions.fallback";
}

internal sealed class CallFallbackHandler(
    QuestionService questions, QuestionCards cards, BotConnectorClient connector, QuestionRouting routing, PersonalChats chats, ExpertDirectory directory,
    JobQueue jobs) : IJobHandler<CallFallback>
{
    public async Task HandleAsync(CallFallback job, JobContext context, CancellationToken ct)
    {
        if (await questions.FindAsync(job.QuestionId, ct) is not { Status: QuestionStatus.Routing } question)
        {
            return; // Someone took it (or it closed) before the fallback came round.
        }
        var pool = routing.PoolFor(question);
        var serviceUrl = question.AskerChat.ServiceUrl;
        var asked = new List<string>();
        var plea = $"Nobody has taken {QuestionService.Named(question)} from the {pool.Name} pool. Can you step in, or reassign it?";
        if (pool.FallbackSupervisorId is { } supervisor && question.AskerChat.TenantId is { Length: > 0 } tenant)
        {
            await chats.SendAsync(serviceUrl, question.AskerChat.BotId, supervisor, tenant, cards.Text(plea), ct);
            await chats.SendAsync(serviceUrl, question.AskerChat.BotId, supervisor, tenant, cards.Status(question), ct);
            asked.Add((await directory.FindAsync(supervisor, ct))?.DisplayName ?? "the pool's supervisor");
        }
        if (pool.FallbackChannelId is { } fallbackChannel && question.AskerChat.TenantId is { } channelTenant)
        {
            var thread = pool.ChannelId == fallbackChannel ? question.ThreadConversationId : null;
            if (thread is null)
            {
                var bot = new ChannelAccount { Id = question.AskerChat.BotId };
                thread = (await connector.CreateChannelThreadAsync(serviceUrl, bot, fallbackChannel, channelTenant, cards.Status(question), ct)).Id ?? fallbackChannel;
            }
            await connector.SendToConversationAsync(serviceUrl, thread, cards.Text(plea), ct);
            asked.Add("the pool's fallback channel");
        }
        else if (question.ThreadConversationId is { } expertsThread)
        {
            await connector.SendToConversationAsync(serviceUrl, expertsThread, cards.Text($"Nobody has taken {QuestionService.Named(question)} yet. Can anyone in this channel help?"), ct);
            asked.Add("everyone in the experts' channel");
        }
        // The asker hears only what happened.
        var told = asked.Count == 0
            ? $"Nobody has taken {QuestionService.Named(question)}, and the {pool.Name} pool has no fallback contact. It stays open for anyone who can take it."
            : $"Nobody has taken {QuestionService.Named(question)} yet, so I asked {string.Join(" and ", asked)} to step in.";
        await jobs.EnqueueAsync(QuestionJobs.Notify(question, question.AskerId, question.AskerChat, told), ct);
    }
}
