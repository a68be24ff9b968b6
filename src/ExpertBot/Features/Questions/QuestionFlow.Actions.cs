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
            var title = Text(data, "title")?.Trim();
            if (string.IsNullOrEmpty(title))
            {
                return cards.Refusal(new Refusal("Nothing to ask", "Write the question first."));
            }
            var details = Text(data, "details")?.Trim();
            var extras = new FormExtras(Text(data, "tried")?.Trim(), Text(data, "product"), Text(data, "urgency"), Text(data, "caseId"));
            var (card, newId, routed) = await StartAsync(actor, title, string.IsNullOrEmpty(details) ? null : details, extras, ct);
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
                var top = question is null ? null : (await knowledge.SearchAsync(question.Title + " " + question.Details, 1, ct: ct)).FirstOrDefault();
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
                var (suggested, unclear) = reason == DeclineReason.SomeoneElse
                    ? await ResolveSuggestionAsync(Text(data, "suggestedExpert"), actor, ct)
                    : (null, null);
                if (unclear is not null)
                {
                    return cards.Refusal(unclear);
                }
                outcome = await questions.DeclineAsync(id, actor, reason, suggested, ct);
                if (outcome.Refusal is null && outcome.Changed)
                {
                    await routing.OnDeclinedAsync(id, ct);
                }
                break;
            case "follow":
                outcome = await questions.FollowAsync(id, actor with { Chat = TeamsAddress.PersonalChat(activity) }, ct);
                break;
            case "unfollow":
                outcome = await questions.UnfollowAsync(id, actor, ct);
                break;
            case "acceptAnswer":
                outcome = TryLong(data, "replyId", out var replyId)
                    ? await questions.AcceptAsync(id, actor, replyId, null, ct)
                    : QuestionOutcome.Refused(null, new Refusal("This card is damaged", "It does not say which reply to accept; nothing changed."));
                return await ResolvedAsync(id, outcome, ct);
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
                var ratings = Ratings(data, resolved);
                outcome = ratings.Count == 0
                    ? QuestionOutcome.Refused(resolved, new Refusal("Can't rate that", "Pick 1 to 5 stars for at least one expert's answer."))
                    : await questions.RateAsync(id, actor, ratings, ct);
                return outcome.Refusal is { } r3 ? cards.Refusal(r3) : cards.Resolved((await questions.FindAsync(id, ct))!);
            case "resolveQuestion":
                var finalAnswer = Text(data, "finalAnswer");
                if (string.IsNullOrWhiteSpace(finalAnswer))
                {
                    return cards.Refusal(new Refusal("Nothing to resolve with", "Write the answer that solved the case first; nothing changed."));
                }
                return await ResolvedAsync(id, await questions.AcceptAsync(id, actor, null, finalAnswer.Trim(), ct), ct);
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

    /// <summary>
    /// The card after an accept (an expert's reply or the asker's own answer). The resolved question is evidence for the
    /// next ranking, and an answer for the next agent, at once; once, not again on a repeated click.
    /// </summary>
    private async Task<Activity> ResolvedAsync(long id, QuestionOutcome outcome, CancellationToken ct)
    {
        if (outcome.Refusal is { } refusal)
        {
            return cards.Refusal(refusal);
        }
        if (outcome.Changed)
        {
            await routing.OnResolvedAsync(id, ct);
            answers.Add(outcome.Question!);
        }
        return cards.Resolved(outcome.Question!);
    }

    /// <summary>
    /// The stars picked on the summary card: one "rating-{replyId}" field per expert; a card from before per-expert
    /// ratings sends one "rating" for the accepted answer.
    /// </summary>
    private static List<(long ContributionId, int Rating)> Ratings(JsonElement data, Question? question)
    {
        var ratings = new List<(long, int)>();
        if (data.ValueKind != JsonValueKind.Object)
        {
            return ratings;
        }
        foreach (var field in data.EnumerateObject())
        {
            if (field.Name.StartsWith("rating-", StringComparison.Ordinal)
                && long.TryParse(field.Name["rating-".Length..], System.Globalization.CultureInfo.InvariantCulture, out var replyId)
                && int.TryParse(Text(data, field.Name), System.Globalization.CultureInfo.InvariantCulture, out var stars))
            {
                ratings.Add((replyId, stars));
            }
        }
        if (ratings.Count == 0 && int.TryParse(Text(data, "rating"), System.Globalization.CultureInfo.InvariantCulture, out var single)
            && (question?.Contributions.FirstOrDefault(c => c.Accepted) ?? question?.Contributions.FirstOrDefault(c => !c.FromAsker)) is { } accepted)
        {
            ratings.Add((accepted.Id, single));
        }
        return ratings;
    }
}
