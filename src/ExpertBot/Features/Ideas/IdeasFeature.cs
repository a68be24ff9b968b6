using ExpertBot.Features.Ideas.Actions;
using ExpertBot.Features.Ideas.Jobs;
using ExpertBot.Features.Knowledge.Search;
using ExpertBot.Hosting;
using ExpertBot.Storage.Jobs;
using Microsoft.Extensions.Options;

namespace ExpertBot.Features.Ideas;

internal static class IdeasFeature
{
    /// <summary>Customer ideas: raised in chat, de-duplicated, voted for, posted to the ideas channels, decided by product managers.</summary>
    public static IServiceCollection AddIdeas(this IServiceCollection services)
    {
        services.AddOptions<IdeaOptions>().BindConfiguration(IdeaOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.Channels.All(c => !string.IsNullOrWhiteSpace(c.ChannelId)), "Ideas:Channels: every channel needs a ChannelId.")
            .ValidateOnStart();
        // Its own index over the same model and vector cache as the knowledge search: ideas are never knowledge answers.
        services.AddSingleton(sp => new IdeaIndex(
            new HybridIndex(sp.GetRequiredService<IOptions<KnowledgeSearchOptions>>().Value, sp.GetRequiredService<EmbeddingModel>(), sp.GetRequiredService<EmbeddingCache>()),
            sp.GetRequiredService<Storage.ExpertBotDatabase>(), sp.GetRequiredService<ILogger<IdeaIndex>>()));
        services.AddHostedService<IdeaIndexLoader>();
        services.AddSingleton<IdeaService>();
        services.AddSingleton<IdeaCards>();
        services.AddSingleton<IdeaFlow>();
        services.AddSingleton<IdeaMessageAction>();
        services.AddJob<NotifySupporter, NotifySupporterHandler>(10);
        services.AddJob<PostIdea, PostIdeaHandler>(10);
        services.AddIdeaVerbs();
        return services;
    }
}

/// <summary>Reads the stored ideas into the duplicate index at start (in the background: a check refreshes it anyway).</summary>
internal sealed partial class IdeaIndexLoader(IdeaIndex index, ILogger<IdeaIndexLoader> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await index.RefreshAsync(stoppingToken);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            LoadFailed(logger, e);
        }
    }

    [LoggerMessage(EventId = 802, Level = LogLevel.Warning, Message = "Reading the stored ideas into the duplicate index failed; the next duplicate check tries again")]
    private static partial void LoadFailed(ILogger logger, Exception exception);
}
