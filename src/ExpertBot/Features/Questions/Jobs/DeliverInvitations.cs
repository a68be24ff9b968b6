using ExpertBot.Features.Routing;
using ExpertBot.Protocol.Activities;
using ExpertBot.Protocol.Connector;
using ExpertBot.Storage.Jobs;
using ExpertBot.Teams;

namespace ExpertBot.Features.Questions.Jobs;

/// <summary>Deliver a step's invitations; with <see cref="ExpertId"/>, only that expert's (one added later, e.g. a suggestion).</summary>
internal sealed record DeliverInvitations(long QuestionId, int Step, string? ExpertId = null) : IJob<DeliverInvitations>
{
    public static string Kind => "questions.invite";
}

/// <summary>
/// Posts the step's invitations: in the pool's experts channel as a thread whose root is the question card and whose
/// first reply @mentions the invited experts with the invitation card; or 1:1 when the pool has no channel.
/// </summary>
internal sealed partial class DeliverInvitationsHandler(
    QuestionService questions, QuestionCards cards, BotConnectorClient connector, QuestionRouting routing, PersonalChats chats,
    JobEffects effects, CrashPoints crash, ILogger<DeliverInvitationsHandler> logger) : IJobHandler<DeliverInvitations>
{
    public async Task HandleAsync(DeliverInvitations job, JobContext context, CancellationToken ct)
    {
        // Delivering invitations (a step still looking for experts: no accepted answer to show) needs only the invitations.
        if (await questions.FindWithInvitationsAsync(job.QuestionId, ct) is not { } question)
        {
            return; // Deleted meanwhile: nothing to do.
        }
        var invited = question.Invitations
            .Where(i => i.Step == job.Step && i.Status == InvitationStatus.Invited && (job.ExpertId is null || i.ExpertId == job.ExpertId))
            .ToArray();
        // A step's invitations go out only while the question is still looking for experts; one added later (a
        // colleague's suggestion) also joins a discussion that is already going.
        var stillWanted = job.ExpertId is null ? question.Status == QuestionStatus.Routing : !QuestionLifecycle.IsTerminal(question.Status);
        if (!stillWanted || invited.Length == 0)
        {
            return;
        }
        var pool = routing.PoolFor(question);
        var serviceUrl = question.AskerChat.ServiceUrl;
        var bot = new ChannelAccount { Id = question.AskerChat.BotId };
        if (pool.InvitesInChannel(question.AskerChat.TenantId) && pool.ChannelId is { } channelId && question.AskerChat.TenantId is { } tenant)
        {
            var thread = question.ThreadConversationId;
            if (thread is null)
            {
                var created = await connector.CreateChannelThreadAsync(serviceUrl, bot, channelId, tenant, cards.Status(question), ct);
                await crash.AtAsync("invite.thread-created");
                thread = created.Id ?? channelId;
                await questions.AttachCardsAsync(question.Id, thread, created.ActivityId, null, ct);
                await crash.AtAsync("invite.thread-recorded");
            }
            var invitation = cards.ChannelInvitation(question, invited);
            invitation.Text = string.Join(" ", invited.Select(i => $"<at>{i.ExpertName}</at>")) + " can you help with this one?";
            invitation.Entities = invited.Select(i => new Entity
            {
                Type = EntityTypes.Mention,
                Mentioned = new ChannelAccount { Id = i.ExpertId, Name = i.ExpertName, AadObjectId = i.ExpertId },
                Text = $"<at>{i.ExpertName}</at>",
            }).ToList();
            // Each send is recorded as an effect of this job, so a run after a crash does not post it again (only one in
            // flight at the crash can go out twice); the invitations then point at the card, which a re-run may repeat.
            var posted = await effects.OnceAsync(context, "channel", async c => new EffectResult((await connector.SendToConversationAsync(serviceUrl, thread, invitation, c)).Id, thread), ct);
            await questions.AttachInvitationCardAsync(question.Id, [.. invited.Select(i => i.Id)], posted.Location ?? thread, posted.ExternalId, ct);
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
            try
            {
                var sent = await effects.OnceAsync(context, $"1:1|{expert.ExpertId}", async c =>
                {
                    var (conversation, response) = await chats.SendAsync(serviceUrl, bot.Id, expert.ExpertId, tenantId, cards.Invitation(question, expert), c);
                    return new EffectResult(response.Id, conversation);
                }, ct);
                await questions.AttachInvitationCardAsync(question.Id, [expert.Id], sent.Location ?? "", sent.ExternalId, ct);
            }
            catch (BotConnectorException ex) when (ex.StatusCode is System.Net.HttpStatusCode.Forbidden or System.Net.HttpStatusCode.NotFound)
            {
                // Teams cannot reach them (the app is not installed for them, or they left): no retry can change that. The
                // asker is told and, when nobody of the step is left, the next step starts now.
                LogUndeliverable(question.Number, expert.ExpertId, (int)ex.StatusCode!.Value);
                await questions.MarkUndeliverableAsync(question.Id, expert.ExpertId, ex.StatusCode == System.Net.HttpStatusCode.NotFound ? "Teams does not know them" : "Teams refused to open a chat with them", ct);
            }
        }
    }

    [LoggerMessage(EventId = 643, Level = LogLevel.Warning, Message = "Question {Number}: the invitation to {ExpertId} could not be delivered (HTTP {Status}); the asker is told")]
    private partial void LogUndeliverable(string number, string expertId, int status);

    [LoggerMessage(EventId = 640, Level = LogLevel.Warning,
        Message = "Question {Number} was asked outside Teams (no tenant): experts cannot be invited 1:1 from there")]
    private partial void LogNoTenant(string number);
}
