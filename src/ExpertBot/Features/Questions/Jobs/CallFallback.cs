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
    JobQueue jobs, JobEffects effects) : IJobHandler<CallFallback>
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
            // Each send is recorded as this job's effect: a run after a crash does not repeat the ones that went out.
            await effects.OnceAsync(context, "supervisor-plea", async c => Sent(await chats.SendAsync(serviceUrl, question.AskerChat.BotId, supervisor, tenant, cards.Text(plea), c)), ct);
            await effects.OnceAsync(context, "supervisor-card", async c => Sent(await chats.SendAsync(serviceUrl, question.AskerChat.BotId, supervisor, tenant, cards.Status(question), c)), ct);
            asked.Add((await directory.FindAsync(supervisor, ct))?.DisplayName ?? "the pool's supervisor");
        }
        if (pool.FallbackChannelId is { } fallbackChannel && question.AskerChat.TenantId is { } channelTenant)
        {
            var thread = pool.ChannelId == fallbackChannel ? question.ThreadConversationId : null;
            if (thread is null)
            {
                var bot = new ChannelAccount { Id = question.AskerChat.BotId };
                var created = await effects.OnceAsync(context, "fallback-thread", async c =>
                {
                    var response = await connector.CreateChannelThreadAsync(serviceUrl, bot, fallbackChannel, channelTenant, cards.Status(question), c);
                    return new EffectResult(response.ActivityId, response.Id ?? fallbackChannel);
                }, ct);
                thread = created.Location ?? fallbackChannel;
            }
            var channelThread = thread;
            await effects.OnceAsync(context, "fallback-plea", async c =>
                new EffectResult((await connector.SendToConversationAsync(serviceUrl, channelThread, cards.Text(plea), c)).Id, channelThread), ct);
            asked.Add("the pool's fallback channel");
        }
        else if (question.ThreadConversationId is { } expertsThread)
        {
            await effects.OnceAsync(context, "experts-plea", async c => new EffectResult((await connector.SendToConversationAsync(serviceUrl, expertsThread,
                cards.Text($"Nobody has taken {QuestionService.Named(question)} yet. Can anyone in this channel help?"), c)).Id, expertsThread), ct);
            asked.Add("everyone in the experts' channel");
        }
        // The asker hears only what happened.
        var told = asked.Count == 0
            ? $"Nobody has taken {QuestionService.Named(question)}, and the {pool.Name} pool has no fallback contact. It stays open for anyone who can take it."
            : $"Nobody has taken {QuestionService.Named(question)} yet, so I asked {string.Join(" and ", asked)} to step in.";
        await jobs.EnqueueAsync(QuestionJobs.Notify(question, question.AskerId, question.AskerChat, told), ct);
    }

    private static EffectResult Sent((string Conversation, ResourceResponse Sent) sent) => new(sent.Sent.Id, sent.Conversation);
}
