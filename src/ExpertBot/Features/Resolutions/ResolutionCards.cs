using ExpertBot.CardActions;
using ExpertBot.Features.Questions;
using ExpertBot.Protocol.Activities;
using ExpertBot.Teams;

namespace ExpertBot.Features.Resolutions;

/// <summary>The resolved card (cards/resolved-summary.json) and the "note not written" card: what was resolved, and only what happened to the case.</summary>
internal sealed class ResolutionCards(CardLibrary cards, CardSeal seal, QuestionCards questionCards)
{
    public Activity Resolved(Question q, Resolution? resolution, string? contact = null)
    {
        var id = q.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var contributors = q.Contributions.Where(c => !c.FromAsker).GroupBy(c => c.AuthorId, StringComparer.OrdinalIgnoreCase)
            // Rated per expert: the key is their latest reply, which the rating is stored on.
            .Select(g => new { key = g.Max(c => c.Id), name = g.First().AuthorName, rating = g.Max(c => c.Rating) }).ToArray();
        var rated = contributors.Any(c => c.rating is not null);
        return cards.Message("resolved-summary", new
        {
            questionId = id,
            sig = seal.Sign(("questionId", id)),
            number = q.Number,
            title = TextClip.Display(q.Title, QuestionCards.Budget.Title),
            answer = TextClip.Display(q.Resolution, QuestionCards.Budget.Answer),
            answeredBy = q.Contributions.FirstOrDefault(c => c.Accepted)?.AuthorName
                ?? (q.KnowledgeArticleId is { } kb ? (Question.IsNumber(kb) ? $"the experts' answer to {kb}" : $"knowledge article {kb}") : $"{q.AskerName} (the asker)"),
            timeToResolution = Durations.Text((q.ResolvedAt ?? q.LastActivityAt) - q.CreatedAt),
            caseId = q.CaseNumber,
            note = NoteText(q, resolution),
            noteFailed = resolution?.NoteState == CaseNoteState.Failed,
            contributors,
            canRate = contributors.Length > 0 && !rated,
            customerReply = resolution?.CustomerReply is { } body ? CustomerReply.Frame(contact, body) : CustomerReply.Draft(q, contact),
            // Says who wrote the words only from what was stored: the model's name only when its reply was checked and kept.
            customerReplyBy = resolution?.CustomerReply is not null && resolution.CustomerReplyBy is not null
                ? "Written by the language model from the thread, and checked for internal names and links: read it before you send it."
                : "Taken from the accepted answer's own words, without internal names or links.",
        });
    }

    /// <summary>What happened to the case, in one line; null when the question names no case.</summary>
    public static string? NoteText(Question q, Resolution? r)
    {
        if (q.CaseNumber is not { } number)
        {
            return null;
        }
        return r?.NoteState switch
        {
            CaseNoteState.Written => $"Internal note added to {r.NoteCase ?? number} in {r.NoteSystem}.",
            CaseNoteState.Failed => $"Not written to {number}: {r.NoteProblem}.",
            CaseNoteState.Pending when r.NoteProblem is { } problem => $"Writing an internal note to {number} in {r.NoteSystem}: the first try failed ({problem}); trying again.",
            _ => $"Writing an internal note to {number}…",
        };
    }

    /// <summary>The note was not written: what, why, and "Try again".</summary>
    public Activity NoteFailed(Question q, Resolution r)
    {
        var id = q.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return cards.Message("case-note-failed", new
        {
            questionId = id,
            sig = seal.Sign(("questionId", id)),
            number = q.Number,
            title = TextClip.Display(q.Title, QuestionCards.Budget.Title),
            caseId = r.NoteCase ?? q.CaseNumber,
            system = r.NoteSystem,
            problem = r.NoteProblem,
        });
    }

    public CardReply Reply(QuestionOutcome outcome, Resolution? resolution, string? contact = null) =>
        outcome.Refusal is { } refusal ? new CardReply(questionCards.Refusal(refusal), refusal) : new CardReply(Resolved(outcome.Question!, resolution, contact));
}

/// <summary>Durations as people say them.</summary>
internal static class Durations
{
    public static string Text(TimeSpan span) => span.TotalMinutes < 1.5 ? "about a minute"
        : span.TotalMinutes < 90 ? $"{Math.Round(span.TotalMinutes):0} minutes"
        : span.TotalHours < 36 ? $"{Math.Round(span.TotalHours):0} hours"
        : $"{Math.Round(span.TotalDays):0} days";
}
