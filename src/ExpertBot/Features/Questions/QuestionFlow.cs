using System.Text.Json;
using System.Text.RegularExpressions;
using ExpertBot.Features.Cases;
using ExpertBot.Features.Knowledge;
using ExpertBot.Features.Routing;
using ExpertBot.Protocol.Activities;
using ExpertBot.Protocol.Connector;
using Microsoft.Extensions.Options;

namespace ExpertBot.Features.Questions;

/// <summary>
/// The question flow as Teams users drive it: asking (coordination first: the knowledge base before any expert),
/// replies in the experts' thread, and every card action. Identity is always the authenticated sender.
/// </summary>
internal sealed partial class QuestionFlow(
    QuestionService questions, KnowledgeIndex knowledge, CaseLog cases, QuestionCards cards, BotConnectorClient connector,
    RoutingService routing, IOptions<QuestionOptions> options)
{
    /// <summary>The card verbs this flow answers (the cards in cards/ use exactly these).</summary>
    public static readonly IReadOnlySet<string> Verbs = new HashSet<string>(StringComparer.Ordinal)
    {
        "askQuestion", "kbAnswered", "kbNotAnswered", "acceptInvitation", "declineInvitation", "follow",
        "acceptAnswer", "replyToExpert", "rateAnswer", "cancelQuestion",
    };

    /// <summary>A reply in a question's experts' thread: stored, relayed to the asker; "Answer: ..." proposes it.</summary>
    public async Task<bool> TryThreadReplyAsync(Activity activity, string text, CancellationToken ct)
    {
        if (activity.ThreadRootId is null || activity.Conversation?.Id is not { } conversationId
            || await questions.FindByThreadAsync(conversationId, ct) is not { } question)
        {
            return false;
        }
        // The bot's own posts in the thread (should a channel echo them) are not part of the discussion.
        if (TeamsAddress.Actor(activity) is not { } author || string.IsNullOrEmpty(activity.Id) || text.Length == 0
            || (activity.From?.Id is { Length: > 0 } sender && sender == activity.Recipient?.Id))
        {
            return true;
        }
        var fromAsker = string.Equals(author.Id, question.AskerId, StringComparison.OrdinalIgnoreCase);
        var proposal = ProposalPrefix().Match(text);
        var body = proposal.Success ? text[proposal.Length..].Trim() : text;
        var recorded = await questions.RecordReplyAsync(question.Id, author, body, activity.Id, fromAsker, ct);
        if (recorded.Refusal is { } refusal)
        {
            await connector.ReplyToActivityAsync(activity, cards.Text($"{refusal.Title}: {refusal.Reason}"), ct);
            return true;
        }
        if (proposal.Success && !fromAsker && recorded.Question?.Contributions.FirstOrDefault(c => c.SourceActivityId == activity.Id) is { } reply)
        {
            var proposed = await questions.ProposeAsync(question.Id, author, reply.Id, ct);
            if (proposed.Refusal is { } notAllowed)
            {
                await connector.ReplyToActivityAsync(activity, cards.Text($"{notAllowed.Title}: {notAllowed.Reason}"), ct);
            }
        }
        return true;
    }

    /// <summary>A new question from free text, answered in the same conversation.</summary>
    public async Task AskAsync(Activity activity, string text, CancellationToken ct)
    {
        if (TeamsAddress.Actor(activity) is not { } asker)
        {
            return;
        }
        var (card, questionId, routed) = await StartAsync(asker, text, ct);
        var posted = await connector.ReplyToActivityAsync(activity, card, ct);
        if (routed)
        {
            await questions.AttachCardsAsync(questionId, null, null, posted.Id, ct);
        }
    }

    /// <summary>
    /// Stores the question, then coordination first: strong knowledge-base matches are offered before anyone is
    /// bothered; otherwise experts are invited at once. Returns the card to show the asker.
    /// </summary>
    private async Task<(Activity Card, long QuestionId, bool Routed)> StartAsync(Actor asker, string text, CancellationToken ct)
    {
        var caseNumber = CaseNumber().Match(text) is { Success: true } m ? m.Value.ToUpperInvariant() : null;
        var customerCase = cases.Find(caseNumber);
        var (title, details) = Split(text);
        var question = await questions.AskAsync(new NewQuestion(asker, title, details, null, customerCase?.Product, null, caseNumber), ct);

        var matches = knowledge.Search(text, top: 3).Where(hit => hit.Confidence >= options.Value.SuggestionConfidence).ToArray();
        if (matches.Length > 0)
        {
            return (cards.KnowledgeSuggestion(question, matches), question.Id, false);
        }
        var outcome = await RouteCoreAsync(question, asker, ct);
        return outcome.Refusal is { } refusal ? (cards.Refusal(refusal), question.Id, false) : (cards.Status(outcome.Question!), question.Id, true);
    }

    /// <summary>
    /// The "Ask experts about this message" message action (composeExtension/submitAction): the form's fields, with the
    /// chosen message as context. The question's card goes to the conversation the action was used in.
    /// </summary>
    public async Task<string> AskFromMessageAsync(Activity activity, JsonElement value, CancellationToken ct)
    {
        if (TeamsAddress.Actor(activity) is not { } asker)
        {
            return "I couldn't tell who you are, so nothing was asked.";
        }
        var data = value.ValueKind == JsonValueKind.Object && value.TryGetProperty("data", out var d) ? d : default;
        var message = value.ValueKind == JsonValueKind.Object && value.TryGetProperty("messagePayload", out var p)
            && p.ValueKind == JsonValueKind.Object && p.TryGetProperty("body", out var b) && b.ValueKind == JsonValueKind.Object
                ? PlainText(Text(b, "content"))
                : null;
        var question = Text(data, "question") is { Length: > 0 } q ? q : message;
        if (string.IsNullOrWhiteSpace(question))
        {
            return "Write the question first; nothing was asked.";
        }
        var text = string.Join("\n", new[] { question, Text(data, "details"), message is null || message == question ? null : $"From the message: {message}", Text(data, "case") }
            .Where(t => !string.IsNullOrWhiteSpace(t)));
        var (card, id, routed) = await StartAsync(asker, text, ct);
        var posted = await connector.SendToConversationAsync(activity.ServiceUrl ?? "", activity.Conversation?.Id ?? "", card, ct);
        if (routed)
        {
            await questions.AttachCardsAsync(id, null, null, posted.Id, ct);
        }
        return $"Asked: Q-{id}. I'll keep you posted here.";
    }

    /// <summary>Runs a card action (Action.Execute invoke, or the Action.Submit fallback) and returns the card to show.</summary>
    public async Task<Activity> ActAsync(Activity activity, string verb, JsonElement data, CancellationToken ct)
    {
        if (TeamsAddress.Actor(activity) is not { } actor)
        {
            return cards.Refusal(new Refusal("Who are you?", "This action came without a user; nothing changed."));
        }
        if (verb == "askQuestion")
        {
            var asked = string.Join("\n", new[] { Text(data, "title"), Text(data, "details"), Text(data, "caseId") }.Where(t => !string.IsNullOrWhiteSpace(t)));
            if (asked.Length == 0)
            {
                return cards.Refusal(new Refusal("Nothing to ask", "Write the question first."));
            }
            var (card, newId, routed) = await StartAsync(actor, asked, ct);
            if (routed)
            {
                await questions.AttachCardsAsync(newId, null, null, activity.ReplyToId, ct);
            }
            return card;
        }
        if (!TryLong(data, "questionId", out var id))
        {
            return cards.Refusal(new Refusal("This card is damaged", "It does not say which question it is about; nothing changed."));
        }
        QuestionOutcome outcome;
        switch (verb)
        {
            case "kbAnswered":
                var question = await questions.FindAsync(id, ct);
                var top = question is null ? null : knowledge.Search(question.Title + " " + question.Details, 1).FirstOrDefault();
                outcome = top is null
                    ? QuestionOutcome.Refused(question, new Refusal("Unknown question", "This card points to a question that does not exist."))
                    : await questions.AnsweredByKnowledgeBaseAsync(id, actor, top.Article.Id, top.Article.Resolution, ct);
                return outcome.Refusal is { } r1 ? cards.Refusal(r1) : cards.Resolved(outcome.Question!);
            case "kbNotAnswered":
                var open = await questions.FindAsync(id, ct);
                if (open is null)
                {
                    return cards.Refusal(new Refusal("Unknown question", "This card points to a question that does not exist."));
                }
                outcome = await RouteCoreAsync(open, actor, ct);
                if (outcome.Refusal is null)
                {
                    // The status card replaces the suggestion card the asker clicked: that copy is kept up to date.
                    await questions.AttachCardsAsync(id, null, null, activity.ReplyToId, ct);
                }
                break;
            case "acceptInvitation":
                outcome = await questions.TakeAsync(id, actor, ct);
                break;
            case "declineInvitation":
                var reason = Text(data, "declineReason") switch
                {
                    "busy" => DeclineReason.TooBusy,
                    "someone-else" => DeclineReason.SomeoneElse,
                    _ => DeclineReason.NotMyArea,
                };
                outcome = await questions.DeclineAsync(id, actor, reason, Text(data, "suggestedExpert"), ct);
                if (outcome.Refusal is null && outcome.Changed)
                {
                    await routing.OnDeclinedAsync(id, ct);
                }
                break;
            case "follow":
                outcome = await questions.FollowAsync(id, actor, ct);
                break;
            case "acceptAnswer":
                outcome = TryLong(data, "replyId", out var replyId)
                    ? await questions.AcceptAsync(id, actor, replyId, null, ct)
                    : QuestionOutcome.Refused(null, new Refusal("This card is damaged", "It does not say which reply to accept; nothing changed."));
                if (outcome.Refusal is { } r2)
                {
                    return cards.Refusal(r2);
                }
                // The resolved question is evidence for the next ranking at once, on this instance.
                await routing.OnResolvedAsync(id, ct);
                return cards.Resolved(outcome.Question!);
            case "replyToExpert":
                var followUp = Text(data, "reply");
                if (string.IsNullOrWhiteSpace(followUp))
                {
                    return cards.Refusal(new Refusal("Nothing to send", "Write your reply to the experts first."));
                }
                // The invoke's id identifies the click: a redelivered invoke is stored once.
                outcome = await questions.RecordReplyAsync(id, actor, followUp, activity.Id ?? Guid.NewGuid().ToString("N"), fromAsker: true, ct);
                break;
            case "rateAnswer":
                var resolved = await questions.FindAsync(id, ct);
                var accepted = resolved?.Contributions.FirstOrDefault(c => c.Accepted) ?? resolved?.Contributions.FirstOrDefault(c => !c.FromAsker);
                outcome = accepted is null || !int.TryParse(Text(data, "rating"), out var stars)
                    ? QuestionOutcome.Refused(resolved, new Refusal("Can't rate that", "Pick 1 to 5 stars for an expert's answer."))
                    : await questions.RateAsync(id, actor, accepted.Id, stars, ct);
                return outcome.Refusal is { } r3 ? cards.Refusal(r3) : cards.Resolved((await questions.FindAsync(id, ct))!);
            case "cancelQuestion":
                outcome = await questions.CancelAsync(id, actor, Text(data, "reason"), ct);
                break;
            default:
                return cards.Refusal(new Refusal("Unknown action", $"This card asks for '{verb}', which I don't know; nothing changed."));
        }
        if (outcome.Refusal is { } refusal)
        {
            return cards.Refusal(refusal);
        }
        return cards.Status((await questions.FindAsync(id, ct))!);
    }

    private async Task<QuestionOutcome> RouteCoreAsync(Question question, Actor asker, CancellationToken ct)
    {
        var pool = routing.PoolFor(question);
        var candidates = await routing.FindExpertsAsync(question, [question.AskerId], pool.ExpertsPerStep, ct);
        return await questions.RouteAsync(question.Id, asker, candidates, Policy(pool), ct);
    }

    public static StepPolicy Policy(ExpertPool pool) => new(pool.ExpertsPerStep, pool.InvitationTimeout, pool.MaxSteps);

    private static (string Title, string? Details) Split(string text)
    {
        var firstBreak = text.IndexOfAny(['\n', '?']);
        if (firstBreak > 0 && firstBreak < text.Length - 1 && firstBreak <= 200)
        {
            var cut = text[firstBreak] == '?' ? firstBreak + 1 : firstBreak;
            return (text[..cut].Trim(), text[cut..].Trim() is { Length: > 0 } rest ? rest : null);
        }
        return text.Length <= 200 ? (text, null) : (text[..200].TrimEnd() + "…", text);
    }

    // Teams sends the chosen message as HTML; the question is plain text.
    private static string? PlainText(string? html) =>
        html is null ? null : System.Net.WebUtility.HtmlDecode(HtmlTag().Replace(html, " ")).Trim() is { Length: > 0 } t ? t : null;

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex HtmlTag();

    private static bool TryLong(JsonElement data, string name, out long value)
    {
        value = 0;
        return Text(data, name) is { } text && long.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out value);
    }

    private static string? Text(JsonElement data, string name) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty(name, out var v)
            ? v.ValueKind switch { JsonValueKind.String => v.GetString(), JsonValueKind.Number => v.GetRawText(), _ => null }
            : null;

    [GeneratedRegex(@"\bCAS-\d{3,10}\b", RegexOptions.IgnoreCase)]
    private static partial Regex CaseNumber();

    [GeneratedRegex(@"^\s*(proposed\s+)?answer\s*:", RegexOptions.IgnoreCase)]
    private static partial Regex ProposalPrefix();
}
