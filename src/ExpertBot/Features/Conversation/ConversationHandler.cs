using ExpertBot.Features.Experts;
using ExpertBot.Protocol.Activities;
using ExpertBot.Protocol.Connector;

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
internal sealed class ConversationHandler(BotConnectorClient connector, CardLibrary cards, SelfService selfService)
{
    public Task HandleAsync(Activity activity, CancellationToken ct) => activity.Type switch
    {
        ActivityTypes.Message => OnMessageAsync(activity, ct),
        ActivityTypes.ConversationUpdate when BotWasAdded(activity) => WelcomeAsync(activity, ct),
        ActivityTypes.InstallationUpdate when activity.Action is null or "add"
            => WelcomeAsync(activity, ct),
        _ => Task.CompletedTask, // Unknown and unhandled types are accepted and ignored.
    };

    private async Task OnMessageAsync(Activity activity, CancellationToken ct)
    {
        var text = activity.TextWithoutMentionOf(activity.Recipient?.Id);
        if (string.Equals(text, "help", StringComparison.OrdinalIgnoreCase) || text.Length == 0)
        {
            await connector.ReplyToActivityAsync(activity, cards.Message("help", HelpCard.Default), ct);
            return;
        }
        if (await selfService.TryHandleAsync(activity.From, text, ct) is { } profileReply)
        {
            await connector.ReplyToActivityAsync(activity, new Activity { Type = ActivityTypes.Message, Text = profileReply, TextFormat = "markdown" }, ct);
            return;
        }
        var reply = new Activity
        {
            Type = ActivityTypes.Message,
            Text = $"I got your question: \"{text}\". Expert routing is coming soon; type **help** to see what I can do.",
            TextFormat = "markdown",
        };
        await connector.ReplyToActivityAsync(activity, reply, ct);
    }

    /// <summary>
    /// Only when the bot itself is among the added members. Direct Line clients (Web Chat via
    /// offline-directline) send no recipient and id-less or empty member lists: comparing null ids
    /// would greet on every such update.
    /// </summary>
    private static bool BotWasAdded(Activity activity) =>
        activity.Recipient?.Id is { Length: > 0 } botId && activity.MembersAdded?.Any(m => m.Id == botId) == true;

    private Task WelcomeAsync(Activity activity, CancellationToken ct) =>
        connector.ReplyToActivityAsync(activity, cards.Message("welcome", new WelcomeCard("ExpertBot", FirstName(activity))), ct);

    // The welcome greets by first name when Teams tells it; "there" reads naturally otherwise.
    private static string FirstName(Activity activity) =>
        activity.From?.Name?.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "there";
}
