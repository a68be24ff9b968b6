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
internal sealed class ConversationHandler(ConnectorClient connector, CardLibrary cards)
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

    private Task OnMessageAsync(Activity activity, CancellationToken ct)
    {
        var text = activity.TextWithoutMentionOf(activity.Recipient?.Id);
        if (string.Equals(text, "help", StringComparison.OrdinalIgnoreCase) || text.Length == 0)
        {
            return connector.ReplyAsync(activity, cards.Message("help", HelpCard.Default), ct);
        }
        var reply = new Activity
        {
            Type = ActivityTypes.Message,
            Text = $"I got your question: \"{text}\". Expert routing is coming soon; type **help** to see what I can do.",
            TextFormat = "markdown",
        };
        return connector.ReplyAsync(activity, reply, ct);
    }

    private Task WelcomeAsync(Activity activity, CancellationToken ct) =>
        connector.ReplyAsync(activity, cards.Message("welcome", new WelcomeCard("ExpertBot", FirstName(activity))), ct);

    // The welcome greets by first name when Teams tells it; "there" reads naturally otherwise.
    private static string FirstName(Activity activity) =>
        activity.From?.Name?.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "there";
}
