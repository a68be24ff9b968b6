using System.Text.Json;
using System.Text.RegularExpressions;
using ExpertBot.CardActions;
using ExpertBot.Features.Cases;
using ExpertBot.Features.Experts;
using ExpertBot.Features.Knowledge;
using ExpertBot.Features.Routing;
using ExpertBot.Protocol.Activities;
using ExpertBot.Protocol.Connector;
using ExpertBot.Storage.Jobs;
using ExpertBot.Teams;
using Microsoft.Extensions.Options;

namespace ExpertBot.Features.Questions;

/// <summary>
/// The question flow as Teams users drive it: asking (coordination first: the knowledge base before any expert),
/// replies in the experts' thread, and every card action. Identity is always the authenticated sender.
/// </summary>
internal sealed partial class QuestionFlow(
    QuestionService questions, KnowledgeIndex knowledge, CaseLookup cases, QuestionCards cards, BotConnectorClient connector, ActionLedger ledger,
    QuestionRouting routing, KnowledgeHints hints, ExpertDirectory directory, CrashPoints crash, TimeProvider time, IOptions<QuestionOptions> options)
{
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
        var (title, details) = Split(text);
        var source = TurnSource(activity);
        var started = await StartAsync(asker, title, details, null, source, ct);
        await crash.AtAsync("turn.question-stored");
        await SendOnceAsync(source, asker, started, () => connector.ReplyToActivityAsync(activity, started.Card, ct),
            activity.ServiceUrl!, activity.Conversation!.Id!, ct);
    }

    /// <summary>
    /// Sends the question's card for a source once: a turn run again after a crash finds its reply recorded and updates
    /// that message in place (an update is idempotent) instead of sending a second card. Only a send in flight at the
    /// moment of a crash can go out twice: the Bot Connector has no idempotency key.
    /// </summary>
    private async Task SendOnceAsync(string source, Actor asker, Started started, Func<Task<ResourceResponse>> send,
        string serviceUrl, string conversationId, CancellationToken ct)
    {
        if (await ledger.FindSentAsync(source, ct) is { } sent)
        {
            await connector.UpdateActivityAsync(serviceUrl, conversationId, sent, started.Card, ct);
            await AttachAskerCardAsync(started, sent, ct);
            return;
        }
        var posted = await send();
        // Sent, not recorded yet: the one window in which a crash makes a second card (docs/exactly-once.md).
        await crash.AtAsync("turn.reply-sent");
        await ledger.RecordSentAsync(source, asker.Id, "ask", posted.Id, ct);
        await crash.AtAsync("turn.reply-recorded");
        await AttachAskerCardAsync(started, posted.Id, ct);
    }

    /// <summary>A question started: the card to show the asker, and whether experts were asked (its card is then kept current).</summary>
    internal sealed record Started(Activity Card, long QuestionId, bool Routed, Refusal? Refusal);

    /// <summary>
    /// Stores the question, then coordination first: strong knowledge-base matches are offered before anyone is
    /// bothered; otherwise experts are invited at once. <paramref name="sourceKey"/> identifies what asked (the message or
    /// the click): the question carries it.
    /// </summary>
    public async Task<Started> StartAsync(Actor asker, string title, string? details, FormExtras? extras, string sourceKey, CancellationToken ct)
    {
        // Asked before by the same message or click (a turn run again after a crash): carry on with what it made.
        if (await questions.FindBySourceAsync(sourceKey, ct) is { } existing)
        {
            return await ResumeAsync(existing, ct);
        }
        var text = details is null ? title : $"{title}\n{details}";
        // The case field of the form as typed (whatever the CRM's numbers look like), else a case number in the text.
        var caseNumber = string.IsNullOrWhiteSpace(extras?.Case) ? cases.NumberIn(text) : extras.Case.Trim().ToUpperInvariant();
        var customerCase = await cases.FindAsync(caseNumber, ct);
        // The agent's pick of product wins over the case's; "not sure" (empty) leaves it to the case or the text.
        var product = string.IsNullOrWhiteSpace(extras?.Product) ? customerCase?.Product : extras.Product.Trim();

        var found = await knowledge.SearchAsync(text, top: 3, ct: ct);
        var matches = found.Where(hit => hit.Confidence >= options.Value.SuggestionConfidence).ToArray();
        var routingHints = hints.From(found);
        // What the nearly matching articles are about picks the pool when nothing else does.
        product = string.IsNullOrWhiteSpace(product) ? routingHints.Product : product;
        var draft = questions.Draft(new NewQuestion(asker, title, details, extras?.Tried, product, extras?.Urgency, caseNumber, sourceKey));
        if (matches.Length > 0)
        {
            var question = await questions.AskAsync(draft, ct);
            return question == draft ? new Started(cards.KnowledgeSuggestion(question, matches), question.Id, false, null) : await ResumeAsync(question, ct);
        }
        // Ranked before it is stored, so the question, its invitations and its jobs are one write.
        var pool = routing.PoolFor(draft);
        // With a model, its reading of the question's topics (bounded in time; the search's hints when it has none).
        routingHints = await hints.WithModelAsync(routingHints, title, details, [.. new[] { customerCase?.Customer, customerCase?.Contact }.OfType<string>()], ct);
        var candidates = await routing.FindExpertsAsync(draft, [draft.AskerId], pool.ExpertsPerStep, ct, routingHints);
        var outcome = await questions.AskAndRouteAsync(draft, candidates, pool.Policy, ct);
        if (outcome.Refusal is { } refusal)
        {
            return new Started(cards.Refusal(refusal), draft.Id, false, refusal);
        }
        return outcome.Changed ? new Started(cards.Status(outcome.Question!), outcome.Question!.Id, true, null) : await ResumeAsync(outcome.Question!, ct);
    }

    /// <summary>The card for a question its source made before: the suggestion while it is open, its status once routed.</summary>
    private async Task<Started> ResumeAsync(Question question, CancellationToken ct)
    {
        if (question.Status == QuestionStatus.Open
            && (await knowledge.SearchAsync(question.Title + "\n" + question.Details, top: 3, ct: ct)).Where(hit => hit.Confidence >= options.Value.SuggestionConfidence).ToArray() is { Length: > 0 } matches)
        {
            return new Started(cards.KnowledgeSuggestion(question, matches), question.Id, false, null);
        }
        return new Started(cards.Status(question), question.Id, question.Status != QuestionStatus.Open, null);
    }

    /// <summary>Remembers where the asker's copy of a routed question's card is, so every change updates it in place.</summary>
    public Task AttachAskerCardAsync(Started started, string? cardActivityId, CancellationToken ct) =>
        started.Routed ? questions.AttachCardsAsync(started.QuestionId, null, null, cardActivityId, ct) : Task.CompletedTask;

    /// <summary>The key of a message that asks: its activity id within its channel and tenant.</summary>
    public static string TurnSource(Activity activity) => activity.Id is { Length: > 0 } id
        ? NewJob.Key("turn", activity.ChannelId, activity.TenantId, id)
        : "turn:" + Guid.NewGuid().ToString("N");

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
        var (title, details) = Split(text);
        var source = TurnSource(activity);
        var started = await StartAsync(asker, title, details, null, source, ct);
        await SendOnceAsync(source, asker, started, () => connector.SendToConversationAsync(activity.ServiceUrl!, activity.Conversation!.Id!, started.Card, ct),
            activity.ServiceUrl!, activity.Conversation!.Id!, ct);
        return started.Refusal is null ? $"Asked: Q-{started.QuestionId}. I'll keep you posted here." : $"{started.Refusal.Title}: {started.Refusal.Reason}";
    }

    /// <summary>Routes a stored question (the asker skipped the knowledge suggestion) to its pool's first experts.</summary>
    public async Task<QuestionOutcome> RouteAsync(Question question, Actor asker, CancellationToken ct)
    {
        var pool = routing.PoolFor(question);
        var candidates = await routing.FindExpertsAsync(question, [question.AskerId], pool.ExpertsPerStep, ct, await hints.ForAsync(question.Title, question.Details, ct));
        return await questions.RouteAsync(question.Id, asker, candidates, pool.Policy, ct);
    }

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

    private static string? Text(JsonElement data, string name) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty(name, out var v)
            ? v.ValueKind switch { JsonValueKind.String => v.GetString(), JsonValueKind.Number => v.GetRawText(), _ => null }
            : null;

    [GeneratedRegex(@"^\s*(proposed\s+)?answer\s*:", RegexOptions.IgnoreCase)]
    private static partial Regex ProposalPrefix();
}

/// <summary>What the question form adds to the text: steps already tried, the product picked, urgency, the case typed.</summary>
internal sealed record FormExtras(string? Tried, string? Product, string? Urgency, string? Case);
