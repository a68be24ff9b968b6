using System.Text.Json;
using ExpertBot.Protocol.Activities;

namespace ExpertBot.Features.Questions;

/// <summary>The card actions of the question flow (Action.Execute invokes and their Action.Submit fallbacks).</summary>
internal sealed partial class QuestionFlow
{
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
                outcome = await questions.FollowAsync(id, actor with { Chat = TeamsAddress.PersonalChat(activity) }, ct);
                break;
            case "acceptAnswer":
                outcome = TryLong(data, "replyId", out var replyId)
                    ? await questions.AcceptAsync(id, actor, replyId, null, ct)
                    : QuestionOutcome.Refused(null, new Refusal("This card is damaged", "It does not say which reply to accept; nothing changed."));
                if (outcome.Refusal is { } r2)
                {
                    return cards.Refusal(r2);
                }
                // The resolved question is evidence for the next ranking at once, on this instance (once: not on a repeated click).
                if (outcome.Changed)
                {
                    await routing.OnResolvedAsync(id, ct);
                }
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
}
