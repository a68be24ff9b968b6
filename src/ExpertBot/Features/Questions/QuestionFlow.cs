using System.Text.Json;
using System.Text.RegularExpressions;
using ExpertBot.Features.Cases;
using ExpertBot.Features.Experts;
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
    RoutingService routing, ExpertDirectory directory, ResolvedAnswers answers, TimeProvider time, IOptions<QuestionOptions> options)
{
    /// <summary>The card verbs this flow answers (the cards in cards/ use exactly these).</summary>
    public static readonly IReadOnlySet<string> Verbs = new HashSet<string>(StringComparer.Ordinal)
    {
        "askQuestion", "kbAnswered", "kbNotAnswered", "acceptInvitation", "declineInvitation", "follow", "unfollow",
        "acceptAnswer", "replyToExpert", "rateAnswer", "resolveQuestion", "cancelQuestion",
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
        var proposes = proposal.Success && !fromAsker;
        var recorded = proposes
            ? await questions.RecordProposalAsync(question.Id, author, body, activity.Id, ct)
            : await questions.RecordReplyAsync(question.Id, author, body, activity.Id, fromAsker, ct);
        if (recorded.Refusal is { } refusal)
        {
            await connector.ReplyToActivityAsync(activity, cards.Text($"{refusal.Title}: {refusal.Reason}"), ct);
            return true;
        }
        // Stored but not proposed (the expert has not taken it, or the question can't take an answer now): say why.
        if (proposes && recorded.Question?.Contributions.FirstOrDefault(c => c.SourceActivityId == activity.Id) is { ProposedAnswer: false } reply)
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
    private Task<(Activity Card, long QuestionId, bool Routed)> StartAsync(Actor asker, string text, CancellationToken ct)
    {
        var (title, details) = Split(text);
        return StartAsync(asker, title, details, null, ct);
    }

    /// <summary>The same for a question with its parts known (the form): what was tried, product, urgency, case.</summary>
    private async Task<(Activity Card, long QuestionId, bool Routed)> StartAsync(
        Actor asker, string title, string? details, FormExtras? extras, CancellationToken ct)
    {
        var text = details is null ? title : $"{title}\n{details}";
        var caseNumber = CaseNumber().Match(extras?.Case ?? text) is { Success: true } m ? m.Value.ToUpperInvariant() : null;
        var customerCase = cases.Find(caseNumber);
        // The agent's pick of product wins over the case's; "not sure" (empty) leaves it to the case or the text.
        var product = string.IsNullOrWhiteSpace(extras?.Product) ? customerCase?.Product : extras.Product.Trim();
        var draft = questions.Draft(new NewQuestion(asker, title, details, extras?.Tried, product, extras?.Urgency, caseNumber));

        var matches = (await knowledge.SearchAsync(text, top: 3, ct: ct)).Where(hit => hit.Confidence >= options.Value.SuggestionConfidence).ToArray();
        if (matches.Length > 0)
        {
            var question = await questions.AskAsync(draft, ct);
            return (cards.KnowledgeSuggestion(question, matches), question.Id, false);
        }
        // Ranked before it is stored, so the question, its invitations and its jobs are one write.
        var pool = routing.PoolFor(draft);
        var candidates = await routing.FindExpertsAsync(draft, [draft.AskerId], pool.ExpertsPerStep, ct);
        var outcome = await questions.AskAndRouteAsync(draft, candidates, Policy(pool), ct);
        return outcome.Refusal is { } refusal ? (cards.Refusal(refusal), draft.Id, false) : (cards.Status(outcome.Question!), draft.Id, true);
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

/// <summary>What the question form adds to the text: steps already tried, the product picked, urgency, the case typed.</summary>
internal sealed record FormExtras(string? Tried, string? Product, string? Urgency, string? Case);
