using ExpertBot.CardActions;
using ExpertBot.Features.Knowledge;
using ExpertBot.Features.Routing;
using ExpertBot.Protocol.Activities;
using ExpertBot.Teams;

namespace ExpertBot.Features.Questions;

/// <summary>The view data of each question card (templates in cards/): what users see, built from the stored question.</summary>
internal sealed class QuestionCards(CardLibrary cards, CardSeal seal, ExpertPools pools)
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
        // Who was asked and where, while they have not answered: the asker should not have to wonder.
        invited = q.Status == QuestionStatus.Routing && q.Invitations.Any(i => i.Status == InvitationStatus.Invited)
            ? $"Asked {string.Join(", ", q.Invitations.Where(i => i.Status == InvitationStatus.Invited).Select(i => i.ExpertName))} {Where(q)}."
            : null,
        acceptedAnswer = q.Status == QuestionStatus.Resolved && q.Resolution is { } answer
            ? new { text = Show(answer, Budget.Answer), by = q.Contributions.FirstOrDefault(c => c.Accepted)?.AuthorName ?? q.AskerName }
            : null,
        open = !QuestionLifecycle.IsTerminal(q.Status),
        threadUrl = ThreadLinks.For(q),
    });

    /// <summary>
    /// Where the invitations go, as their delivery decides it (see DeliverInvitationsHandler): the asker's first card is
    /// drawn before the channel thread exists, so it cannot go by the thread alone (it once said "in a 1:1 chat each" of
    /// invitations posted in the experts' channel).
    /// </summary>
    private string Where(Question q)
    {
        var pool = pools.For(q.Product, q.Title, RoutingHistory.Body(q));
        var inChannel = q.ThreadConversationId is not null || pool.InvitesInChannel(q.AskerChat.TenantId);
        return !inChannel ? "in a 1:1 chat each"
            : pool.Delivery == PoolDelivery.Both ? "in the experts' channel and a 1:1 chat each"
            : "in the experts' channel";
    }

    /// <summary>A 1:1 invitation: why this expert was picked, how many others were asked, and, once answered, what they did.</summary>
    public Activity Invitation(Question q, Invitation invitation) => InvitationCard(q, [invitation], group: false,
        q.Invitations.Where(i => i.Id != invitation.Id && i.Status is InvitationStatus.Invited or InvitationStatus.Accepted).Select(i => i.ExpertName),
        [invitation.Reason], State(invitation));

    /// <summary>One invitation for the whole step, posted in the experts' thread: who is asked and why, and where each of them stands.</summary>
    public Activity ChannelInvitation(Question q, IReadOnlyList<Invitation> invited) => InvitationCard(q, invited, group: true,
        invited.Select(i => i.ExpertName), invited.Select(i => $"{i.ExpertName}: {i.Reason}"), state: null);

    private Activity InvitationCard(Question q, IReadOnlyList<Invitation> invited, bool group, IEnumerable<string> others, IEnumerable<string> reasons, string? state)
    {
        var details = TextClip.Display(q.Details, Budget.Details, out var detailsCut);
        var tried = TextClip.Display(q.Tried, Budget.Tried, out var triedCut);
        var closed = QuestionLifecycle.IsTerminal(q.Status);
        return cards.Message("expert-invitation", new
        {
            questionId = Id(q),
            sig = Sig(q),
            number = q.Number,
            question = new
            {
                title = Show(q.Title, Budget.Title), details, tried, product = q.Product ?? "", urgency = q.Urgency,
                askedBy = q.AskerName, caseId = q.CaseNumber, askedAt = Iso(q.CreatedAt),
            },
            // The question was cut to fit the card: "Show the full question" posts all of it.
            shortened = detailsCut || triedCut,
            group,
            // "I'll take it" and "Decline" only while there is something to take: this invitation (or one of the step's) is open.
            open = !closed && invited.Any(i => i.Status == InvitationStatus.Invited),
            canFollow = !closed,
            state,
            closed = closed ? $"{q.Number} is {Question.Describe(q.Status)}: nobody needs to take it any more." : null,
            closedStyle = q.Status == QuestionStatus.Resolved ? "good" : "emphasis",
            people = group ? invited.Select(i => new { name = i.ExpertName, state = StateWord(i) }).ToArray() : [],
            reasons = reasons.Select(r => Show(r, Budget.Reason)).ToArray(),
            otherExperts = others.ToArray(),
            declineReasons = DeclineChoices,
        });
    }

    /// <summary>
    /// The invitation card as <paramref name="viewer"/> last saw it, now: the step's shared card when they clicked it in the
    /// experts' thread, their own 1:1 card otherwise.
    /// </summary>
    public Activity InvitationFor(Question q, string viewer, bool inChannel)
    {
        var mine = q.Invitations.LastOrDefault(i => string.Equals(i.ExpertId, viewer, StringComparison.OrdinalIgnoreCase));
        if (inChannel || mine is null)
        {
            var step = mine?.Step ?? q.EscalationStep;
            return ChannelInvitation(q, [.. q.Invitations.Where(i => i.Step == step)]);
        }
        return Invitation(q, mine);
    }

    /// <summary>What an expert did with their 1:1 invitation, for their own card; null while it waits for them.</summary>
    private static string? State(Invitation i) => i.Status switch
    {
        InvitationStatus.Accepted => "You took this question: reply in its thread, or here, and the asker sees it.",
        InvitationStatus.Declined => i.DeclineReason switch
        {
            DeclineReason.TooBusy => "You declined: too busy right now. Thank you for saying so.",
            DeclineReason.SomeoneElse => "You declined and pointed to someone who knows better. Thank you.",
            _ => "You declined: not your area. Thank you for saying so.",
        },
        InvitationStatus.TimedOut => "The time to answer ran out, so others were asked.",
        _ => null,
    };

    private static string StateWord(Invitation i) => i.Status switch
    {
        InvitationStatus.Accepted => "took it",
        InvitationStatus.Declined => $"declined ({DeclineWords(i.DeclineReason)})",
        InvitationStatus.TimedOut => "did not answer in time",
        InvitationStatus.Withdrawn => "no longer asked",
        InvitationStatus.Undeliverable => "could not be reached in Teams",
        _ => "asked",
    };

    private static string DeclineWords(DeclineReason? reason) => reason switch
    {
        DeclineReason.TooBusy => "too busy",
        DeclineReason.SomeoneElse => "someone else knows better",
        _ => "not their area",
    };

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
        number = q.Number,
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
        number = q.Number,
        title = Show(q.Title, Budget.Title),
        expert = new { name = reply.AuthorName, jobTitle = reply.ProposedAnswer ? "Proposed answer" : "Expert" },
        sentAt = Iso(reply.CreatedAt),
        text = Show(reply.Text, Budget.Reply),
        // A proposed answer offers "Accept" first; a clarifying question offers "Reply" first.
        proposed = reply.ProposedAnswer,
    });

    /// <summary>"my questions": the person's open and recent questions, each with its number, title, status and last change.</summary>
    public Activity Mine(IReadOnlyList<Question> questions, DateTimeOffset now) => cards.Message("my-questions", new
    {
        none = questions.Count == 0,
        questions = questions.Select(q => new
        {
            number = q.Number,
            title = Show(q.Title, Budget.Title),
            status = Label(q.Status),
            open = !QuestionLifecycle.IsTerminal(q.Status),
            when = Ago(now - q.LastActivityAt),
        }).ToArray(),
    });

    private static string Ago(TimeSpan span) => span.TotalMinutes < 1 ? "just now"
        : span.TotalMinutes < 60 ? $"{Math.Floor(span.TotalMinutes):0} min ago"
        : span.TotalHours < 24 ? $"{Math.Floor(span.TotalHours):0} h ago"
        : $"{Math.Floor(span.TotalDays):0} d ago";

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

    /// <summary>A text message, sent as plain text: it carries people's words, which Teams must not read as markup.</summary>
    public Activity Text(string text) => new() { Type = ActivityTypes.Message, Text = Show(text, Budget.Reply), TextFormat = "plain" };

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
}
