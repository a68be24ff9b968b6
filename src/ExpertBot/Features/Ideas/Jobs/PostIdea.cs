using ExpertBot.Protocol.Activities;
using ExpertBot.Protocol.Connector;
using ExpertBot.Storage.Jobs;
using Microsoft.Extensions.Options;

namespace ExpertBot.Features.Ideas.Jobs;

/// <summary>Posts a new idea to its product's ideas channel, where experts and product managers discuss it in the thread.</summary>
internal sealed record PostIdea(long IdeaId) : IJob<PostIdea>
{
    public static string Kind => "ideas.post";
}

internal sealed partial class PostIdeaHandler(
    IdeaService ideas, IdeaCards cards, BotConnectorClient connector, JobEffects effects, IOptions<IdeaOptions> options, ILogger<PostIdeaHandler> logger)
    : IJobHandler<PostIdea>
{
    public async Task HandleAsync(PostIdea job, JobContext context, CancellationToken ct)
    {
        if (await ideas.FindAsync(job.IdeaId, ct) is not { } idea || idea.ThreadConversationId is not null)
        {
            return; // Gone, or posted already (a retry after the post was recorded).
        }
        if (ChannelFor(idea.Product) is not { } channel)
        {
            return; // No ideas channel for its product: the tab is where it is reviewed.
        }
        var submitter = idea.Supporters.FirstOrDefault(s => s.Submitted);
        if (submitter is null || idea.TenantId is not { Length: > 0 } tenant)
        {
            LogNoTenant(idea.Number);
            return;
        }
        // Recorded once posted: a run after a crash between the post and attaching its thread does not post it again.
        var created = await effects.OnceAsync(context, "post", async c =>
        {
            var response = await connector.CreateChannelThreadAsync(submitter.Chat.ServiceUrl, new ChannelAccount { Id = submitter.Chat.BotId }, channel, tenant,
                cards.Card(idea, manage: true, heading: $"New customer idea from {idea.SubmitterName}"), c);
            return new EffectResult(response.ActivityId, response.Id ?? channel);
        }, ct);
        await ideas.AttachThreadAsync(idea.Id, created.Location ?? channel, created.ExternalId, ct);
    }

    private string? ChannelFor(string? product)
    {
        var o = options.Value;
        var byProduct = product is null ? null : o.Channels.FirstOrDefault(c => c.Products.Contains(product.Trim(), StringComparer.OrdinalIgnoreCase));
        return byProduct?.ChannelId is { Length: > 0 } id ? id : o.DefaultChannelId is { Length: > 0 } fallback ? fallback : null;
    }

    [LoggerMessage(EventId = 810, Level = LogLevel.Warning, Message = "Idea {Number} was raised outside Teams (no tenant): it cannot be posted to an ideas channel")]
    private partial void LogNoTenant(string number);
}
