using ExpertBot.CardActions;
using ExpertBot.Teams;

namespace ExpertBot.Features.Questions;

/// <summary>
/// An agent's question and its discussion. It guards its own state: what a question is asked with is fixed once made
/// (init), and every change goes through a method here, which consults the lifecycle tables and bumps
/// <see cref="Version"/>, so a card showing an older version is stale. The collections are read-only outside; stored
/// questions are read by EF through the backing fields, or loaded by <see cref="QuestionRead"/>.
/// </summary>
internal sealed class Question
{
    private readonly List<Invitation> _invitations = [];
    private readonly List<Contribution> _contributions = [];
    private readonly List<Follower> _followers = [];
    private long _id;
    private QuestionStatus _status = QuestionStatus.Open;
    private int _version = 1;
    private DateTimeOffset _lastActivityAt;
    private int _escalationStep;
    private string? _resolution;
    private string? _resolvedById;
    private DateTimeOffset? _resolvedAt;
    private string? _knowledgeArticleId;
    private string? _cancelReason;
    private DateTimeOffset? _firstInvitedAt;
    private DateTimeOffset? _firstResponseAt;

    public long Id { get => _id; init => _id = value; }
    /// <summary>
    /// What asked it: the key of the message or click (its activity id within its channel and tenant). Unique, so a turn
    /// run again after a crash, or a redelivered click, finds the question it made instead of making another.
    /// </summary>
    public string? SourceKey { get; init; }
    public required string AskerId { get; init; }
    public required string AskerName { get; init; }
    /// <summary>The asker's 1:1 chat with the bot (relays and updates go there).</summary>
    public required ConversationRef AskerChat { get; init; }
    public required string Title { get; init; }
    public string? Details { get; init; }
    public string? Tried { get; init; }
    public string? Product { get; init; }
    public string Urgency { get; init; } = "normal";
    public string? CaseNumber { get; init; }
    public QuestionStatus Status { get => _status; init => _status = value; }
    public int Version { get => _version; init => _version = value; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset LastActivityAt { get => _lastActivityAt; init => _lastActivityAt = value; }
    /// <summary>The experts' channel thread: its conversation id (with ;messageid=) once the root card is posted (stored by SQL).</summary>
    public string? ThreadConversationId { get; init; }
    public string? ThreadRootActivityId { get; init; }
    /// <summary>The question card in the asker's chat, updated in place like the thread root (stored by SQL).</summary>
    public string? AskerCardActivityId { get; init; }
    public int EscalationStep { get => _escalationStep; init => _escalationStep = value; }
    public string? Resolution { get => _resolution; init => _resolution = value; }
    public string? ResolvedById { get => _resolvedById; init => _resolvedById = value; }
    public DateTimeOffset? ResolvedAt { get => _resolvedAt; init => _resolvedAt = value; }
    public string? KnowledgeArticleId { get => _knowledgeArticleId; init => _knowledgeArticleId = value; }
    public string? CancelReason { get => _cancelReason; init => _cancelReason = value; }
    /// <summary>When the first expert was invited (null: never sent to experts). Kept on the question so the insights read one table.</summary>
    public DateTimeOffset? FirstInvitedAt { get => _firstInvitedAt; init => _firstInvitedAt = value; }
    /// <summary>
    /// The first expert response: when an invited expert first took it or any expert (not the asker) first replied,
    /// whichever came first. Set as it happens, so the insights need not search the invitations and replies for it.
    /// </summary>
    public DateTimeOffset? FirstResponseAt { get => _firstResponseAt; init => _firstResponseAt = value; }
    public IReadOnlyList<Invitation> Invitations { get => _invitations; init => _invitations = [.. value]; }
    public IReadOnlyList<Contribution> Contributions { get => _contributions; init => _contributions = [.. value]; }
    public IReadOnlyList<Follower> Followers { get => _followers; init => _followers = [.. value]; }

    public string Number => $"Q-{Id}";

    /// <summary>Whether an id is a question's number (a past answer found by the knowledge search), not an article's.</summary>
    public static bool IsNumber(string id) => id.StartsWith("Q-", StringComparison.Ordinal);

    /// <summary>Moves the question; an illegal move changes nothing and says why.</summary>
    public Refusal? Apply(QuestionEvent happened, DateTimeOffset now)
    {
        if (!QuestionLifecycle.TryMove(Status, happened, out var next))
        {
            return new Refusal("That can't be done now", $"{Number} is {Describe(Status)}; it can't be {Verb(happened)} any more.");
        }
        if (next != Status || happened is QuestionEvent.Escalate or QuestionEvent.ExpertJoined or QuestionEvent.AnswerProposed)
        {
            _version++;
        }
        if (QuestionLifecycle.IsTerminal(next))
        {
            // Nobody can answer an invitation of a closed question: it stops being the expert's open load.
            foreach (var invitation in _invitations)
            {
                invitation.Answer(InvitationStatus.Withdrawn, now);
            }
        }
        _status = next;
        _lastActivityAt = now;
        return null;
    }

    /// <summary>The one way an expert is invited: to the current step, unless they are the asker or invited already.</summary>
    public Invitation? Invite(string expertId, string expertName, string reason, DateTimeOffset now)
    {
        if (Same(expertId, AskerId) || _invitations.Any(i => Same(i.ExpertId, expertId)))
        {
            return null;
        }
        var invitation = new Invitation
        {
            QuestionId = _id,
            ExpertId = expertId,
            ExpertName = expertName,
            Reason = TextClip.Clip(reason, 500)!,
            Step = _escalationStep,
            InvitedAt = now,
        };
        _invitations.Add(invitation);
        _firstInvitedAt ??= now;
        return invitation;
    }

    /// <summary>The invited expert's latest invitation.</summary>
    public Invitation? InvitationOf(string expertId) => _invitations.LastOrDefault(i => Same(i.ExpertId, expertId));

    /// <summary>An invited expert takes the question: it moves into discussion and their invitation is accepted.</summary>
    public Refusal? Take(Invitation invitation, DateTimeOffset now)
    {
        if (Apply(QuestionEvent.ExpertJoined, now) is { } refused)
        {
            return refused;
        }
        invitation.Answer(InvitationStatus.Accepted, now);
        Responded(now);
        return null;
    }

    /// <summary>An invited expert declines (with a colleague's id when "someone else knows better"); false once answered.</summary>
    public bool Decline(Invitation invitation, DeclineReason reason, string? suggestedExpertId, DateTimeOffset now)
    {
        if (!invitation.Answer(InvitationStatus.Declined, now, reason, reason == DeclineReason.SomeoneElse ? TextClip.Clip(suggestedExpertId, 100) : null))
        {
            return false;
        }
        Touch(now);
        return true;
    }

    /// <summary>An invitation that could not be delivered: the expert was never asked. False once answered.</summary>
    public bool MarkUndeliverable(Invitation invitation, DateTimeOffset now)
    {
        if (!invitation.Answer(InvitationStatus.Undeliverable, now))
        {
            return false;
        }
        _version++;
        return true;
    }

    /// <summary>Ends <paramref name="step"/>: its unanswered invitations time out, and the next step begins.</summary>
    public Refusal? EndStep(int step, DateTimeOffset now)
    {
        if (_status != QuestionStatus.Routing || _escalationStep != step)
        {
            return new Refusal("Nothing to escalate", $"{Number} moved on.");
        }
        foreach (var invitation in _invitations.Where(i => i.Step == step))
        {
            invitation.Answer(InvitationStatus.TimedOut, now);
        }
        Apply(QuestionEvent.Escalate, now);
        _escalationStep = step + 1;
        return null;
    }

    /// <summary>A reply in the discussion, stored once per Teams activity.</summary>
    public Contribution AddContribution(string authorId, string authorName, string text, string sourceActivityId, bool fromAsker, DateTimeOffset now)
    {
        var contribution = new Contribution
        {
            QuestionId = _id,
            AuthorId = authorId,
            AuthorName = authorName,
            Text = TextClip.Clip(text, QuestionLimits.TextLength)!,
            SourceActivityId = sourceActivityId,
            FromAsker = fromAsker,
            CreatedAt = now,
        };
        _contributions.Add(contribution);
        _lastActivityAt = now;
        if (!fromAsker && !Same(authorId, AskerId))
        {
            Responded(now);
        }
        return contribution;
    }

    /// <summary>An expert's reply becomes the proposed answer.</summary>
    public Refusal? Propose(Contribution contribution, DateTimeOffset now)
    {
        if (Apply(QuestionEvent.AnswerProposed, now) is { } refused)
        {
            return refused;
        }
        contribution.MarkProposed();
        return null;
    }

    /// <summary>
    /// Resolved: with an expert's reply (<paramref name="accepted"/>), the asker's own answer, or a knowledge article
    /// (<see cref="QuestionEvent.AnsweredByKnowledgeBase"/> and <paramref name="articleId"/>).
    /// </summary>
    public Refusal? Resolve(QuestionEvent how, string resolvedById, string answer, Contribution? accepted, string? articleId, DateTimeOffset now)
    {
        if (how is not (QuestionEvent.Accept or QuestionEvent.AnsweredByKnowledgeBase))
        {
            throw new ArgumentOutOfRangeException(nameof(how), how, "A question is resolved by an accepted answer or a knowledge article.");
        }
        if (Apply(how, now) is { } refused)
        {
            return refused;
        }
        accepted?.MarkAccepted();
        _knowledgeArticleId = articleId ?? _knowledgeArticleId;
        _resolution = TextClip.Clip(answer, QuestionLimits.TextLength);
        _resolvedById = resolvedById;
        _resolvedAt = now;
        return null;
    }

    public Refusal? Cancel(string? reason, DateTimeOffset now)
    {
        if (Apply(QuestionEvent.Cancel, now) is { } refused)
        {
            return refused;
        }
        _cancelReason = TextClip.Clip(string.IsNullOrWhiteSpace(reason) ? "No reason given" : reason, 500);
        return null;
    }

    /// <summary>The asker's stars for an expert's reply (1 to 5).</summary>
    public void Rate(Contribution contribution, int rating, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rating, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rating, 5);
        contribution.Rate(rating);
        _lastActivityAt = now;
    }

    public void Follow(string userId, ConversationRef chat)
    {
        if (!_followers.Any(f => Same(f.UserId, userId)))
        {
            _followers.Add(new Follower { QuestionId = _id, UserId = userId, Chat = chat });
        }
    }

    public void Unfollow(string userId) => _followers.RemoveAll(f => Same(f.UserId, userId));

    /// <summary>Its id once stored by a hand-written insert (EF sets it itself); the invitations learn theirs in the same write.</summary>
    internal void StoredAs(long id)
    {
        _id = id;
        foreach (var invitation in _invitations)
        {
            invitation.QuestionId = id;
        }
    }

    /// <summary>An invitation read with the question by a hand-written read (<see cref="QuestionRead"/>).</summary>
    internal void Load(Invitation invitation) => _invitations.Add(invitation);

    /// <summary>An expert took it or replied: the first time is the first expert response.</summary>
    private void Responded(DateTimeOffset now)
    {
        if (_firstResponseAt is null || now < _firstResponseAt)
        {
            _firstResponseAt = now;
        }
    }

    /// <summary>Something changed that shows on the cards, without a move of the question itself.</summary>
    private void Touch(DateTimeOffset now)
    {
        _version++;
        _lastActivityAt = now;
    }

    private static bool Same(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    public static string Describe(QuestionStatus status) => status switch
    {
        QuestionStatus.Open => "open",
        QuestionStatus.Routing => "looking for experts",
        QuestionStatus.InDiscussion => "in discussion",
        QuestionStatus.Answered => "answered, waiting for the asker",
        QuestionStatus.Resolved => "resolved",
        QuestionStatus.Expired => "expired",
        QuestionStatus.Cancelled => "cancelled",
        _ => status.ToString(),
    };

    private static string Verb(QuestionEvent happened) => happened switch
    {
        QuestionEvent.RouteToExperts => "sent to experts",
        QuestionEvent.AnsweredByKnowledgeBase => "answered from the knowledge base",
        QuestionEvent.Escalate => "escalated",
        QuestionEvent.ExpertJoined => "taken",
        QuestionEvent.AnswerProposed => "answered",
        QuestionEvent.Accept => "accepted",
        QuestionEvent.Expire => "expired",
        QuestionEvent.Cancel => "cancelled",
        _ => happened.ToString(),
    };
}

/// <summary>One expert asked to help, and how they answered: answered once (see <see cref="InvitationLifecycle"/>).</summary>
internal sealed class Invitation
{
    private InvitationStatus _status = InvitationStatus.Invited;
    private DeclineReason? _declineReason;
    private string? _suggestedExpertId;
    private DateTimeOffset? _answeredAt;

    public long Id { get; internal set; }
    public long QuestionId { get; internal set; }
    public required string ExpertId { get; init; }
    public required string ExpertName { get; init; }
    /// <summary>The ranker's one-line explanation, shown on the invitation card.</summary>
    public required string Reason { get; init; }
    public int Step { get; init; }
    public InvitationStatus Status { get => _status; init => _status = value; }
    public DeclineReason? DeclineReason { get => _declineReason; init => _declineReason = value; }
    public string? SuggestedExpertId { get => _suggestedExpertId; init => _suggestedExpertId = value; }
    public DateTimeOffset InvitedAt { get; init; }
    public DateTimeOffset? AnsweredAt { get => _answeredAt; init => _answeredAt = value; }
    /// <summary>Where the invitation card is (the expert's 1:1 chat, or the step's card in the experts' thread), so every change updates it (stored by SQL).</summary>
    public string? CardConversationId { get; init; }
    public string? CardActivityId { get; init; }

    /// <summary>Answers it once; false (and nothing changes) when it was answered already.</summary>
    internal bool Answer(InvitationStatus answer, DateTimeOffset now, DeclineReason? reason = null, string? suggestedExpertId = null)
    {
        if (!InvitationLifecycle.TryAnswer(_status, answer, out var next))
        {
            return false;
        }
        _status = next;
        _answeredAt = now;
        _declineReason = reason;
        _suggestedExpertId = suggestedExpertId;
        return true;
    }
}

/// <summary>A message in the discussion: an expert's reply in the thread, or the asker's follow-up.</summary>
internal sealed class Contribution
{
    private bool _proposedAnswer;
    private bool _accepted;
    private int? _rating;

    public long Id { get; init; }
    public long QuestionId { get; init; }
    public required string AuthorId { get; init; }
    public required string AuthorName { get; init; }
    public required string Text { get; init; }
    /// <summary>The Teams activity id it came from: a redelivered reply is stored once.</summary>
    public required string SourceActivityId { get; init; }
    public bool FromAsker { get; init; }
    public bool ProposedAnswer { get => _proposedAnswer; init => _proposedAnswer = value; }
    public bool Accepted { get => _accepted; init => _accepted = value; }
    /// <summary>The asker's rating of how helpful it was, 1 to 5.</summary>
    public int? Rating { get => _rating; init => _rating = value; }
    public DateTimeOffset CreatedAt { get; init; }

    internal void MarkProposed() => _proposedAnswer = true;

    internal void MarkAccepted() => _accepted = true;

    internal void Rate(int rating) => _rating = rating;
}

/// <summary>Someone who gets a short 1:1 update on every state change.</summary>
internal sealed class Follower
{
    public long Id { get; init; }
    public long QuestionId { get; init; }
    public required string UserId { get; init; }
    public required ConversationRef Chat { get; init; }
}
