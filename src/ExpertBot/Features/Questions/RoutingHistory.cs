using ExpertBot.Features.Routing;
using RankerDecline = ExpertBot.Features.Routing.DeclineReason;

namespace ExpertBot.Features.Questions;

/// <summary>What the question flow's records say to the ranker: resolved questions as evidence, declines as preferences.</summary>
internal static class RoutingHistory
{
    /// <summary>
    /// A resolved question as evidence: every expert who contributed is an answerer (at their first reply), and the
    /// author of the accepted reply is the accepted one. The asker's own messages are not answers. Null when no expert
    /// wrote anything (answered from the knowledge base, or the asker wrote the answer alone): nothing to learn from.
    /// </summary>
    public static PastQuestion? ToPastQuestion(Question q, IReadOnlyList<string> topics)
    {
        var answers = q.Contributions
            .Where(c => !c.FromAsker && !string.IsNullOrWhiteSpace(c.AuthorId) && !Same(c.AuthorId, q.AskerId))
            .GroupBy(c => c.AuthorId, StringComparer.OrdinalIgnoreCase)
            .Select(g => new PastAnswer(g.Key, g.Min(c => c.CreatedAt), g.Any(c => c.Accepted)))
            .OrderBy(a => a.At)
            .ToList();
        return answers.Count == 0 ? null : new PastQuestion(Key(q.Id), q.CreatedAt, q.Title, Body(q), [.. topics], answers);
    }

    /// <summary>A declined invitation as the ranker's decline: on the question's topics, or on its title when it has none.</summary>
    public static ExpertDecline? ToDecline(Invitation invitation, string title, IReadOnlyList<string> topics)
    {
        if (invitation.Status != InvitationStatus.Declined || invitation.DeclineReason is not { } reason)
        {
            return null;
        }
        var mapped = reason switch
        {
            DeclineReason.NotMyArea => RankerDecline.NotMyArea,
            DeclineReason.TooBusy => RankerDecline.TooBusy,
            _ => RankerDecline.SomeoneElseIsBetter,
        };
        // A title as one topic matches only questions that name all of its words: much narrower than a product.
        IReadOnlyList<string> on = topics.Count > 0 ? [.. topics] : [title];
        return new ExpertDecline(invitation.ExpertId, invitation.AnsweredAt ?? invitation.InvitedAt, mapped, on);
    }

    public static string Body(Question q) => Body(q.Details, q.Tried);

    public static string Body(string? details, string? tried) => string.IsNullOrWhiteSpace(tried) ? details ?? "" : $"{details}\n{tried}";

    /// <summary>Index ids of the bot's own questions; "q:" keeps them apart from any imported history.</summary>
    public static string Key(long questionId) => $"q:{questionId}";

    private static bool Same(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
