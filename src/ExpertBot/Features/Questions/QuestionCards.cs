using ExpertBot.Features.Conversation;
using ExpertBot.Features.Knowledge;
using ExpertBot.Protocol.Activities;

namespace ExpertBot.Features.Questions;

/// <summary>The view data of each question card (templates in cards/): what users see, built from the stored question.</summary>
internal sealed class QuestionCards(CardLibrary cards)
{
    public Activity Status(Question q) => cards.Message("question-status", new
    {
        questionId = q.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
        number = q.Number,
        version = q.Version,
        title = q.Title,
        details = q.Details,
        status = Label(q.Status),
        askedBy = q.AskerName,
        caseId = q.CaseNumber,
        experts = q.Invitations.Where(i => i.Status == InvitationStatus.Accepted)
            .Select(i => new { name = i.ExpertName, joinedAt = Iso(i.AnsweredAt ?? i.InvitedAt) }).ToArray(),
        invited = q.Invitations.Where(i => i.Status == InvitationStatus.Invited).Select(i => i.ExpertName).ToArray(),
        acceptedAnswer = q.Status == QuestionStatus.Resolved && q.Resolution is { } answer
            ? new { text = answer, by = q.Contributions.FirstOrDefault(c => c.Accepted)?.AuthorName ?? q.AskerName }
            : null,
        open = !QuestionLifecycle.IsTerminal(q.Status),
    });

    /// <summary>A 1:1 invitation: why this expert was picked, and how many others were asked.</summary>
    public Activity Invitation(Question q, Invitation invitation) => InvitationCard(q, [invitation], group: false,
        q.Invitations.Where(i => i.Id != invitation.Id && i.Status is InvitationStatus.Invited or InvitationStatus.Accepted).Select(i => i.ExpertName),
        [invitation.Reason]);

    /// <summary>One invitation for the whole step, posted in the experts' thread: who is asked and why each of them.</summary>
    public Activity ChannelInvitation(Question q, IReadOnlyList<Invitation> invited) => InvitationCard(q, invited, group: true,
        invited.Select(i => i.ExpertName), invited.Select(i => $"{i.ExpertName}: {i.Reason}"));

    private Activity InvitationCard(Question q, IReadOnlyList<Invitation> invited, bool group, IEnumerable<string> others, IEnumerable<string> reasons) =>
        cards.Message("expert-invitation", new
        {
            questionId = q.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            invitationId = string.Join(",", invited.Select(i => i.Id)),
            question = new
            {
                title = q.Title, details = q.Details ?? "", tried = q.Tried ?? "", product = q.Product ?? "", urgency = q.Urgency,
                askedBy = q.AskerName, caseId = q.CaseNumber, askedAt = Iso(q.CreatedAt),
            },
            group,
            reasons = reasons.ToArray(),
            otherExperts = others.ToArray(),
            declineReasons = DeclineChoices,
        });

    public Activity KnowledgeSuggestion(Question q, IReadOnlyList<KnowledgeMatch> matches) => cards.Message("kb-suggestion", new
    {
        questionId = q.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
        question = q.Title,
        articles = matches.Select(m => new
        {
            id = m.Article.Id,
            title = m.Article.FromResolvedQuestion ? $"{m.Article.Title} (answered by experts in {m.Article.Id})" : m.Article.Title,
            summary = m.Article.Resolution,
        }).ToArray(),
    });

    public Activity ExpertReply(Question q, Contribution reply) => cards.Message("expert-reply", new
    {
        questionId = q.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
        replyId = reply.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
        expert = new { name = reply.AuthorName, jobTitle = reply.ProposedAnswer ? "Proposed answer" : "Expert" },
        sentAt = Iso(reply.CreatedAt),
        text = reply.Text,
    });

    public Activity Resolved(Question q) => cards.Message("resolved-summary", new
    {
        questionId = q.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
        title = q.Title,
        answer = q.Resolution ?? "",
        answeredBy = q.Contributions.FirstOrDefault(c => c.Accepted)?.AuthorName ?? (q.KnowledgeArticleId is { } kb ? (Question.IsNumber(kb) ? $"the experts' answer to {kb}" : $"knowledge article {kb}") : q.AskerName),
        timeToResolution = Duration((q.ResolvedAt ?? q.LastActivityAt) - q.CreatedAt),
        caseId = q.CaseNumber,
        articleId = q.KnowledgeArticleId,
        rated = q.Contributions.Any(c => c.Rating is not null),
        contributors = q.Contributions.Where(c => !c.FromAsker).GroupBy(c => c.AuthorId)
            // Rated per expert: the key is their latest reply, which the rating is stored on.
            .Select(g => new { key = g.Max(c => c.Id), name = g.First().AuthorName, rating = g.Max(c => c.Rating) }).ToArray(),
    });

    /// <summary>A follower's short update on a state change, with a way to stop following.</summary>
    public Activity FollowUpdate(Question q, string update) => cards.Message("follow-update", new
    {
        questionId = q.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
        title = $"{q.Number}: {q.Title}",
        update,
        status = Label(q.Status),
        at = Iso(q.LastActivityAt),
    });

    public Activity Refusal(Refusal refusal) => cards.Message("refusal", new { title = refusal.Title, reason = refusal.Reason });

    public Activity Text(string text) => new() { Type = ActivityTypes.Message, Text = text, TextFormat = "markdown" };

    public static readonly object[] DeclineChoices =
    [
        new { title = "Not my area", value = "not-my-area" },
        new { title = "Too busy right now", value = "busy" },
        new { title = "Someone else knows better", value = "someone-else" },
    ];

    public static string Label(QuestionStatus status) => status switch
    {
        QuestionStatus.Open => "Open",
        QuestionStatus.Routing => "Waiting for experts",
        QuestionStatus.InDiscussion => "In discussion",
        QuestionStatus.Answered => "Answer proposed",
        QuestionStatus.Resolved => "Resolved",
        QuestionStatus.Expired => "Expired",
        QuestionStatus.Cancelled => "Cancelled",
        _ => status.ToString(),
    };

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);

    private static string Duration(TimeSpan span) => span.TotalMinutes < 90
        ? $"{Math.Max(1, (int)Math.Round(span.TotalMinutes))} minutes"
        : span.TotalHours < 48 ? $"{span.TotalHours:0} hours" : $"{span.TotalDays:0} days";
}
