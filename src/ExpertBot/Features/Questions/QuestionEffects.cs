using ExpertBot.Features.Routing;
using ExpertBot.Protocol.Activities;
using ExpertBot.Protocol.Connector;
using ExpertBot.Storage.Jobs;

namespace ExpertBot.Features.Questions;

/// <summary>
/// Runs the question jobs: every message to Teams (invitations, card updates, relays, notices) and every timer. Each
/// reads the question fresh and checks it still applies, so a late or repeated job does no harm.
/// </summary>
internal sealed partial class QuestionEffects(
    QuestionService questions, QuestionCards cards, BotConnectorClient connector, RoutingService routing, PersonalChats chats,
    ILogger<QuestionEffects> logger) : IJobHandler
{
    public static IServiceCollection Register(IServiceCollection services)
    {
        foreach (var kind in new[]
                 {
                     QuestionJobs.InviteKind, QuestionJobs.EscalateKind, QuestionJobs.RefreshKind, QuestionJobs.NotifyKind,
                     QuestionJobs.RelayToAskerKind, QuestionJobs.RelayToThreadKind, QuestionJobs.FallbackKind, QuestionJobs.IdleKind,
                 })
        {
            services.AddJobHandler<QuestionEffects>(kind);
        }
        return services;
    }

    public async Task HandleAsync(JobContext job, CancellationToken ct)
    {
        switch (job.Kind)
        {
            case QuestionJobs.NotifyKind:
                var notice = job.PayloadAs<QuestionJobs.NotifyMessage>()!;
                var about = await questions.FindAsync(notice.QuestionId, ct);
                // The asker gets the line in their chat beside the question's card; a follower gets a short card
                // naming the question, with a way to stop following.
                await SendAsync(notice.Chat, about is not null && QuestionService.IsFollowerNotice(about, notice.UserId)
                    ? cards.FollowUpdate(about, notice.Text)
                    : cards.Text(notice.Text), ct);
                return;
            case QuestionJobs.IdleKind:
                var idle = job.PayloadAs<QuestionJobs.IdleRef>()!;
                await questions.IdleAsync(idle.QuestionId, idle.SeenActivity, ct);
                return;
        }
        var questionId = job.PayloadAs<QuestionJobs.QuestionRef>()!.QuestionId;
        // Delivering invitations (a step still looking for experts: no accepted answer to show) needs only the invitations.
        var found = job.Kind == QuestionJobs.InviteKind
            ? await questions.FindWithInvitationsAsync(questionId, ct)
            : await questions.FindAsync(questionId, ct);
        if (found is not { } question)
        {
            return; // Deleted meanwhile: nothing to do.
        }
        switch (job.Kind)
        {
            case QuestionJobs.InviteKind:
                var invite = job.PayloadAs<QuestionJobs.StepRef>()!;
                await InviteAsync(question, invite.Step, invite.ExpertId, ct);
                break;
            case QuestionJobs.EscalateKind:
                var step = job.PayloadAs<QuestionJobs.StepRef>()!.Step;
                var invited = question.Invitations.Select(i => i.ExpertId).Append(question.AskerId).ToArray();
                var pool = routing.PoolFor(question);
                var next = question.Status == QuestionStatus.Routing && question.EscalationStep == step
                    ? await routing.FindExpertsAsync(question, invited, pool.ExpertsPerStep, ct)
                    : [];
                await questions.EscalateAsync(question.Id, step, next, QuestionFlow.Policy(pool), ct);
                break;
            case QuestionJobs.RefreshKind:
                await RefreshAsync(question, ct);
                break;
            case QuestionJobs.RelayToAskerKind:
                var relay = job.PayloadAs<QuestionJobs.RelayRef>()!;
                if (question.Contributions.FirstOrDefault(c => c.SourceActivityId == relay.SourceActivityId) is { } reply)
                {
                    await SendAsync(question.AskerChat, cards.ExpertReply(question, reply), ct);
                }
                break;
            case QuestionJobs.RelayToThreadKind:
                var back = job.PayloadAs<QuestionJobs.RelayRef>()!;
                if (question.ThreadConversationId is { } thread
                    && question.Contributions.FirstOrDefault(c => c.SourceActivityId == back.SourceActivityId) is { } followUp)
                {
                    await connector.SendToConversationAsync(question.AskerChat.ServiceUrl, thread,
                        cards.Text($"**{followUp.AuthorName}** (asker): {followUp.Text}"), ct);
                }
                break;
            case QuestionJobs.FallbackKind:
                await FallbackAsync(question, ct);
                break;
        }
    }

    /// <summary>
    /// Posts the step's invitations: in the pool's experts channel as a thread whose root is the question card and whose
    /// first reply @mentions the invited experts with the invitation card; or 1:1 when the pool has no channel.
    /// </summary>
    private async Task InviteAsync(Question question, int step, string? expertId, CancellationToken ct)
    {
        var invited = question.Invitations
            .Where(i => i.Step == step && i.Status == InvitationStatus.Invited && (expertId is null || i.ExpertId == expertId))
            .ToArray();
        // A step's invitations go out only while the question is still looking for experts; one added later (a
        // colleague's suggestion) also joins a discussion that is already going.
        var stillWanted = expertId is null ? question.Status == QuestionStatus.Routing : !QuestionLifecycle.IsTerminal(question.Status);
        if (!stillWanted || invited.Length == 0)
        {
            return;
        }
        var pool = routing.PoolFor(question);
        var serviceUrl = question.AskerChat.ServiceUrl;
        var bot = new ChannelAccount { Id = question.AskerChat.BotId };
        var toChannel = pool.Delivery is PoolDelivery.Channel or PoolDelivery.Both;
        if (toChannel && pool.ChannelId is { Length: > 0 } channelId && question.AskerChat.TenantId is { } tenant)
        {
            var thread = question.ThreadConversationId;
            if (thread is null)
            {
                var created = await connector.CreateChannelThreadAsync(serviceUrl, bot, channelId, tenant, cards.Status(question), ct);
                thread = created.Id ?? channelId;
                await questions.AttachCardsAsync(question.Id, thread, created.ActivityId, null, ct);
            }
            var invitation = cards.ChannelInvitation(question, invited);
            invitation.Text = string.Join(" ", invited.Select(i => $"<at>{i.ExpertName}</at>")) + " can you help with this one?";
            invitation.Entities = invited.Select(i => new Entity
            {
                Type = EntityTypes.Mention,
                Mentioned = new ChannelAccount { Id = i.ExpertId, Name = i.ExpertName, AadObjectId = i.ExpertId },
                Text = $"<at>{i.ExpertName}</at>",
            }).ToList();
            await connector.SendToConversationAsync(serviceUrl, thread, invitation, ct);
            if (pool.Delivery == PoolDelivery.Channel)
            {
                return;
            }
        }
        if (question.AskerChat.TenantId is not { Length: > 0 } tenantId)
        {
            // Asked outside Teams (Web Chat, the emulator): there is no tenant to open 1:1 chats in, and retrying
            // cannot change that.
            LogNoTenant(question.Number);
            return;
        }
        foreach (var expert in invited)
        {
            await chats.SendAsync(serviceUrl, bot.Id, expert.ExpertId, tenantId, cards.Invitation(question, expert), ct);
        }
    }

    /// <summary>Updates every copy of the question card in place: the thread root and the asker's copy.</summary>
    private async Task RefreshAsync(Question question, CancellationToken ct)
    {
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

    private async Task FallbackAsync(Question question, CancellationToken ct)
    {
        var pool = routing.PoolFor(question);
        if (question.ThreadConversationId is { } thread)
        {
            var text = pool.Fallback is { Length: > 0 } fallback
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

    private async Task SendAsync(ConversationRef chat, Activity activity, CancellationToken ct)
    {
        var conversation = chat.ConversationId;
        if (conversation.Length == 0 && chat.UserId is { Length: > 0 } user)
        {
            // Teams returns the same 1:1 conversation for the same user and bot, so creating it again on a retry is safe.
            var created = await connector.CreatePersonalConversationAsync(chat.ServiceUrl, new ChannelAccount { Id = chat.BotId },
                new ChannelAccount { Id = user }, chat.TenantId ?? string.Empty, ct);
            conversation = created.Id ?? throw new InvalidOperationException("The connector created a 1:1 chat without an id.");
        }
        await connector.SendToConversationAsync(chat.ServiceUrl, conversation, activity, ct);
    }

    [LoggerMessage(EventId = 640, Level = LogLevel.Warning,
        Message = "Question {Number} was asked outside Teams (no tenant): experts cannot be invited 1:1 from there")]
    private partial void LogNoTenant(string number);
}
