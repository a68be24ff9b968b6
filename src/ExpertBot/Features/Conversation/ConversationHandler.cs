using ExpertBot.Features.Directory;
using ExpertBot.Features.Messaging;
using ExpertBot.Protocol.Activities;

namespace ExpertBot.Features.Conversation;

internal static class ConversationFeature
{
    public static IServiceCollection AddConversation(this IServiceCollection services)
    {
        services.AddSingleton<CardLibrary>();
        services.AddSingleton<ConversationHandler>();
        services.AddSingleton<InvokeHandler>();
        return services;
    }
}

/// <summary>The basic conversation: welcome on install, help, and a reply to every message.</summary>
internal sealed class ConversationHandler(ConnectorClient connector, CardLibrary cards, SelfService selfService)
{
    public Task HandleAsync(Activity activity, CancellationToken ct) => activity.Type switch
    {
        ActivityTypes.Message => OnMessageAsync(activity, ct),
        ActivityTypes.ConversationUpdate when activity.MembersAdded?.Any(m => m.Id == activity.Recipient?.Id) == true
            => WelcomeAsync(activity, ct),
        ActivityTypes.InstallationUpdate when activity.Action is null or "add"
            => WelcomeAsync(activity, ct),
        _ => Task.CompletedTask, // Unknown and unhandled types are accepted and ignored.
    };

    private async Task OnMessageAsync(Activity activity, CancellationToken ct)
    {
        var text = activity.TextWithoutMentionOf(activity.Recipient?.Id);
        if (string.Equals(text, "help", StringComparison.OrdinalIgnoreCase) || text.Length == 0)
        {
            await connector.ReplyAsync(activity, cards.Message("help"), ct);
            return;
        }
        if (await selfService.TryHandleAsync(activity.From, text, ct) is { } profileReply)
        {
            await connector.ReplyAsync(activity, new Activity { Type = ActivityTypes.Message, Text = profileReply, TextFormat = "markdown" }, ct);
            return;
        }
        var reply = new Activity
        {
            Type = ActivityTypes.Message,
            Text = $"I got your question: \"{text}\". Expert routing is coming soon; type **help** to see what I can do.",
            TextFormat = "markdown",
        };
        await connector.ReplyAsync(activity, reply, ct);
    }

    private Task WelcomeAsync(Activity activity, CancellationToken ct) =>
        connector.ReplyAsync(activity, cards.Message("welcome"), ct);
}
