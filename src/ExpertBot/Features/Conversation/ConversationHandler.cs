using ExpertBot.CardActions;
using ExpertBot.Features.Experts;
using ExpertBot.Features.Ideas;
using ExpertBot.Features.Knowledge.Articles;
using ExpertBot.Features.Questions;
using ExpertBot.Features.Resolutions;
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
        services.AddSingleton<DemoIdentity>();
        services.AddCardVerb<ShowHelp, ShowHelpHandler>();
        return services;
    }
}

/// <summary>
/// The conversation: welcome on install, commands, and questions. A message is a question only when it reads like one; a
/// fragment gets help, and a maybe is confirmed on the question form before anyone is asked.
/// </summary>
internal sealed class ConversationHandler(
    BotConnectorClient connector, CardLibrary cards, CardActionDispatcher actions, QuestionFlow questions, QuestionService store,
    QuestionCards questionCards, IdeaFlow ideas, IdeaService ideaStore, SelfService selfService, KnowledgeCommands knowledge, Credits credits, ExpertPools pools, DemoIdentity demo, TimeProvider time)
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
        var text = activity.TextWithoutMentionOf(activity.Recipient?.Id);
        // The demo's "act as" is about the sender themself, so it is read before their identity is swapped.
        if (await demo.TryCommandAsync(activity, text, ct) is { } acting)
        {
            await ReplyTextAsync(activity, acting, ct);
            return;
        }
        demo.Apply(activity);
        // Action.Submit (the fallback of every Action.Execute) arrives as a message whose value carries the verb.
        if (CardActionData.Verb(activity.Value) is { } verb)
        {
            var reply = await actions.DispatchAsync(activity, verb, activity.Value!.Value, ct);
            await connector.ReplyToActivityAsync(activity, reply.Message, ct);
            return;
        }
        // Replies in an experts' thread reach the bot without a mention (RSC): they belong to that question.
        if (await questions.TryThreadReplyAsync(activity, text, ct))
        {
            return;
        }
        // Replies in an idea's thread in the ideas channel: kept on the idea for its discussion summary.
        if (activity.ThreadRootId is not null && activity.Conversation?.Id is { } thread && text.Length > 0 && activity.Id is { Length: > 0 } messageId
            && activity.From?.Id != activity.Recipient?.Id && TeamsAddress.Actor(activity) is { } author
            && await ideaStore.RecordDiscussionAsync(thread, messageId, author, text, ct))
        {
            return;
        }
        // Other channel and group messages are only for the bot when it is @mentioned.
        if (activity.Conversation?.ConversationType is "channel" or "groupChat" && !MentionsBot(activity))
        {
            return;
        }
        if (await CommandAsync(activity, text, ct))
        {
            return;
        }
        // "ask <question>" is the command form of just writing the question: it is one, whatever it looks like.
        if (AskPrefix.IsMatch(text))
        {
            await questions.AskAsync(activity, text[4..].Trim(), ct);
            return;
        }
        // "the customer wants ...": an idea for product management, not a question for the experts. Only the form is
        // offered; nothing is logged on a guess.
        if (IdeaIntent.IsIdea(text))
        {
            await ReplyAsync(activity, ideas.Form(text,
                "This sounds like a customer's feature idea. Check it, say who asked and how much it matters to them, and press Log idea. If it is a question for the experts, write it as a question."), ct);
            return;
        }
        switch (MessageIntent.Classify(text))
        {
            case Intent.Question:
                await questions.AskAsync(activity, text, ct);
                break;
            case Intent.Unsure:
                // Nobody is bothered on a guess: the form, filled in with what they wrote, asks when they press Ask.
                await ReplyAsync(activity, cards.Message("question-form", QuestionForm.For(Products, text,
                    "Shall I ask the experts this? Check the question and press Ask; or just carry on, and nobody is asked.")), ct);
                break;
            default:
                await ReplyAsync(activity, cards.Message("help", Help with
                {
                    Note = $"\"{TextClip.Display(text, 200)}\" doesn't look like a question, so I asked nobody. Here is what I can do:",
                }), ct);
                break;
        }
    }

    /// <summary>The commands; true when <paramref name="text"/> was one and it was answered.</summary>
    private async Task<bool> CommandAsync(Activity activity, string text, CancellationToken ct)
    {
        if (text.Length == 0 || Is(text, "help") || Is(text, "?"))
        {
            await ReplyAsync(activity, Help == HelpCard.Default ? cards.FixedMessage("help", HelpCard.Default) : cards.Message("help", Help), ct);
            return true;
        }
        if (Is(text, "ask"))
        {
            await ReplyAsync(activity, cards.Message("question-form", QuestionForm.For(Products)), ct);
            return true;
        }
        if (Is(text, "idea") || Is(text, "ideas"))
        {
            await ReplyAsync(activity, ideas.Form(null, null), ct);
            return true;
        }
        if (IdeaPrefix.IsMatch(text))
        {
            await ReplyAsync(activity, ideas.Form(text[5..].Trim(), null), ct);
            return true;
        }
        if (Is(text, "my questions") || Is(text, "my question"))
        {
            var mine = TeamsAddress.ActorId(activity) is { } id ? await store.ForAskerAsync(id, 10, ct) : [];
            await ReplyAsync(activity, questionCards.Mine(mine, time.GetUtcNow()), ct);
            return true;
        }
        if (Is(text, "my contributions") || Is(text, "my contribution"))
        {
            if (TeamsAddress.Actor(activity) is { } me)
            {
                await ReplyAsync(activity, await credits.CardAsync(me.Id, me.Name, ct), ct);
            }
            return true;
        }
        if (await knowledge.TryHandleAsync(text, activity.TenantId, ct) is { } knowledgeReply)
        {
            await ReplyAsync(activity, knowledgeReply, ct);
            return true;
        }
        if (await selfService.TryHandleAsync(activity.From, text, ct) is { } profileReply)
        {
            await ReplyAsync(activity, profileReply, ct);
            return true;
        }
        return false;
    }

    private HelpCard Help => demo.Enabled ? HelpCard.Demo : HelpCard.Default;

    private IEnumerable<string> Products => pools.All.SelectMany(p => p.Products);

    private static bool Is(string text, string command) => string.Equals(text.TrimEnd('.', '!'), command, StringComparison.OrdinalIgnoreCase);

    private Task<ResourceResponse> ReplyAsync(Activity activity, Activity reply, CancellationToken ct) => connector.ReplyToActivityAsync(activity, reply, ct);

    private Task<ResourceResponse> ReplyTextAsync(Activity activity, string text, CancellationToken ct) =>
        connector.ReplyToActivityAsync(activity, new Activity { Type = ActivityTypes.Message, Text = text, TextFormat = "markdown" }, ct);

    private static readonly System.Text.RegularExpressions.Regex IdeaPrefix = new(@"^idea\s+\S", System.Text.RegularExpressions.RegexOptions.IgnoreCase);

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

    private Task<ResourceResponse> WelcomeAsync(Activity activity, CancellationToken ct) =>
        connector.ReplyToActivityAsync(activity, cards.Message("welcome", new WelcomeCard("ExpertBot", FirstName(activity))), ct);

    // The welcome greets by first name when Teams tells it; "there" reads naturally otherwise.
    private static string FirstName(Activity activity) =>
        activity.From?.Name?.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "there";
}
