using ExpertBot.CardActions;
using ExpertBot.Features.Experts;
using ExpertBot.Features.Questions;
using ExpertBot.Features.Routing;
using ExpertBot.Protocol.Activities;
using ExpertBot.Protocol.Connector;
using ExpertBot.Teams;

namespace ExpertBot.Features.Conversation;

internal static class ConversationFeature
{
    public static IServiceCollection AddConversation(this IServiceCollection services)
    {
        services.AddSingleton<CardLibrary>();
        services.AddCardActions();
        services.AddSingleton<ConversationHandler>();
        services.AddSingleton<InvokeHandler>();
        services.AddCardVerb<ShowHelp, ShowHelpHandler>();
        return services;
    }
}

/// <summary>The basic conversation: welcome on install, help, and a reply to every message.</summary>
internal sealed class ConversationHandler(
    BotConnectorClient connector, CardLibrary cards, CardActionDispatcher actions, QuestionFlow questions, SelfService selfService, ExpertPools pools)
{
    public Task HandleAsync(Activity activity, CancellationToken ct) => activity.Type switch
    {
        ActivityTypes.Message => OnMessageAsync(activity, ct),
        // Welcome once: an install in Teams sends both an installationUpdate and a conversationUpdate adding the bot,
        // and every channel (Web Chat too) sends the latter, so it alone greets.
        ActivityTypes.ConversationUpdate when BotWasAdded(activity) => WelcomeAsync(activity, ct),
        _ => Task.CompletedTask, // Unknown and unhandled types (installationUpdate included) are accepted and ignored.
    };

    private async Task OnMessageAsync(Activity activity, CancellationToken ct)
    {
        // Action.Submit (the fallback of every Action.Execute) arrives as a message whose value carries the verb.
        if (CardActionData.Verb(activity.Value) is { } verb)
        {
            var reply = await actions.DispatchAsync(activity, verb, activity.Value!.Value, ct);
            await connector.ReplyToActivityAsync(activity, reply.Message, ct);
            return;
        }
        var text = activity.TextWithoutMentionOf(activity.Recipient?.Id);
        // Replies in an experts' thread reach the bot without a mention (RSC): they belong to that question.
        if (await questions.TryThreadReplyAsync(activity, text, ct))
        {
            return;
        }
        // Other channel and group messages are only for the bot when it is @mentioned.
        if (activity.Conversation?.ConversationType is "channel" or "groupChat" && !MentionsBot(activity))
        {
            return;
        }
        if (string.Equals(text, "help", StringComparison.OrdinalIgnoreCase) || text.Length == 0)
        {
            await connector.ReplyToActivityAsync(activity, cards.FixedMessage("help", HelpCard.Default), ct);
            return;
        }
        if (await selfService.TryHandleAsync(activity.From, text, ct) is { } profileReply)
        {
            await connector.ReplyToActivityAsync(activity, new Activity { Type = ActivityTypes.Message, Text = profileReply, TextFormat = "markdown" }, ct);
            return;
        }
        if (string.Equals(text, "ask", StringComparison.OrdinalIgnoreCase))
        {
            await connector.ReplyToActivityAsync(activity, cards.Message("question-form", QuestionForm.For(pools.All.SelectMany(p => p.Products))), ct);
            return;
        }
        // "ask <question>" is the command form of just writing the question.
        await questions.AskAsync(activity, AskPrefix.IsMatch(text) ? text[4..].Trim() : text, ct);
    }

    private static readonly System.Text.RegularExpressions.Regex AskPrefix = new(@"^ask\s+\S", System.Text.RegularExpressions.RegexOptions.IgnoreCase);

    private static bool MentionsBot(Activity activity) =>
        activity.Recipient?.Id is { Length: > 0 } botId && activity.Mentions.Any(m => m.Mentioned?.Id == botId);

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
