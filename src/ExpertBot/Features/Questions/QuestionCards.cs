using ExpertBot.CardActions;
using ExpertBot.Features.Knowledge;
using ExpertBot.Protocol.Activities;
using ExpertBot.Teams;

namespace ExpertBot.Features.Questions;

/// <summary>The view data of each question card (templates in cards/): what users see, built from the stored question.</summary>
internal sealed class QuestionCards(CardLibrary cards, CardSeal seal)
{
    /// <summary>
    /// The card after a card action: the question as it now is (drawn by <paramref name="card"/>), or the refusal when
    /// nothing changed.
    /// </summary>
    public CardReply Reply(QuestionOutcome outcome, Func<Question, Activity> card) =>
        outcome.Refusal is { } refusal ? new CardReply(Refusal(refusal), refusal) : new CardReply(card(outcome.Question!));

    /// <summary>A refused outcome's card.</summary>
    public CardReply Reply(QuestionOutcome refused) => new(Refusal(refused.Refusal!), refused.Refusal);

    /// <summary>The signature card actions about <paramref name="q"/> carry (see <see cref="CardSeal"/>).</summary>
    private string Sig(Question q) => seal.Sign(("questionId", Id(q)));

    private static string Id(Question q) => q.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// How many bytes of UTF-8 people's text may take on a card. Teams refuses a message over about 28 KB, and a
    /// question's text may be 8,000 characters of three bytes each, so each field shows a share of that, cut at a
    /// character boundary with "…", and the cards that cut the question offer "Show the full question".
    /// </summary>
    internal static class Budget
    {
        public const int Title = 1_600;
        public const int Details = 8_000;
        public const int Tried = 3_000;
        public const int Reason = 1_600;
        public const int Answer = 12_000;
        public const int Reply = 20_000;
        public const int Notice = 3_000;
        public const int FullDetails = 16_000;
        public const int FullTried = 6_000;
    }

    private static string Show(string? text, int budget) => TextClip.Display(text, budget);

    public Activity Status(Question q) => cards.Message("question-status", new
    {
        questionId = Id(q),
        sig = Sig(q),
        number = q.Number,
        version = q.Version,
        title = Show(q.Title, Budget.Title),
        status = Label(q.Status),
        askedBy = q.AskerName,
        caseId = q.CaseNumber,
        experts = q.Invitations.Where(i => i.Status == InvitationStatus.Accepted)
            .Select(i => new { name = i.ExpertName, joinedAt = Iso(i.AnsweredAt ?? i.InvitedAt) }).ToArray(),
        invited = q.Invitations.Where(i => i.Status == InvitationStatus.Invited).Select(i => i.ExpertName).ToArray(),
        acceptedAnswer = q.Status == QuestionStatus.Resolved && q.Resolution is { } answer
            ? new { text = Show(answer, Budget.Answer), by = q.Contributions.FirstOrDefault(c => c.Accepted)?.AuthorName ?? q.AskerName }
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

    private Activity InvitationCard(Question q, IReadOnlyList<Invitation> invited, bool group, IEnumerable<string> others, IEnumerable<string> reasons)
    {
        var details = TextClip.Display(q.Details, Budget.Details, out var detailsCut);
        var tried = TextClip.Display(q.Tried, Budget.Tried, out var triedCut);
        return cards.Message("expert-invitation", new
        {
            questionId = Id(q),
            sig = Sig(q),
            question = new
            {
                title = Show(q.Title, Budget.Title), details, tried, product = q.Product ?? "", urgency = q.Urgency,
                askedBy = q.AskerName, caseId = q.CaseNumber, askedAt = Iso(q.CreatedAt),
            },
            // The question was cut to fit the card: "Show the full question" posts all of it.
            shortened = detailsCut || triedCut,
            group,
            reasons = reasons.Select(r => Show(r, Budget.Reason)).ToArray(),
            otherExperts = others.ToArray(),
            declineReasons = DeclineChoices,
        });
    }

    /// <summary>The whole question as text, for "Show the full question" (as much as one card holds).</summary>
    public Activity FullQuestion(Question q)
    {
        var details = TextClip.Display(q.Details, Budget.FullDetails, out var detailsCut);
        var tried = TextClip.Display(q.Tried, Budget.FullTried, out var triedCut);
        return cards.Message("question-full", new
        {
            number = q.Number,
            title = Show(q.Title, Budget.Title),
            details,
            tried,
            askedBy = q.AskerName,
            product = q.Product,
            caseId = q.CaseNumber,
            shortened = detailsCut || triedCut,
        });
    }

    public Activity KnowledgeSuggestion(Question q, IReadOnlyList<KnowledgeMatch> matches) => cards.Message("kb-suggestion", new
    {
        questionId = Id(q),
        sig = Sig(q),
        question = Show(q.Title, Budget.Title),
        articles = matches.Select(m => new
        {
            id = m.Article.Id,
            // "This answers it" names the article the asker read, signed with the question.
            sig = seal.Sign(("questionId", Id(q)), ("articleId", m.Article.Id)),
            title = Show(m.Article.FromResolvedQuestion ? $"{m.Article.Title} (answered by experts in {m.Article.Id})" : m.Article.Title, Budget.Title),
            summary = Show(m.Article.Resolution, Budget.Reason * 2),
        }).ToArray(),
    });

    public Activity ExpertReply(Question q, Contribution reply) => cards.Message("expert-reply", new
    {
        questionId = Id(q),
        replyId = reply.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
        sig = seal.Sign(("questionId", Id(q)), ("replyId", reply.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))),
        expert = new { name = reply.AuthorName, jobTitle = reply.ProposedAnswer ? "Proposed answer" : "Expert" },
        sentAt = Iso(reply.CreatedAt),
        text = Show(reply.Text, Budget.Reply),
    });

    public Activity Resolved(Question q) => cards.Message("resolved-summary", new
    {
        questionId = Id(q),
        sig = Sig(q),
        title = Show(q.Title, Budget.Title),
        answer = Show(q.Resolution, Budget.Answer),
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
        questionId = Id(q),
        sig = Sig(q),
        title = $"{q.Number}: {Show(q.Title, Budget.Title)}",
        update = Show(update, Budget.Notice),
        status = Label(q.Status),
        at = Iso(q.LastActivityAt),
    });

    public Activity Refusal(Refusal refusal) => cards.Message("refusal", new { title = refusal.Title, reason = Show(refusal.Reason, Budget.Notice) });

    public Activity Text(string text) => new() { Type = ActivityTypes.Message, Text = Show(text, Budget.Reply), TextFormat = "markdown" };

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
