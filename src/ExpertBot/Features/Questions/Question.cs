using ExpertBot.CardActions;
using ExpertBot.Teams;

namespace ExpertBot.Features.Questions;

/// <summary>
/// An agent's question and its discussion. It guards its own state: every change goes through <see cref="Apply"/>,
/// which consults the lifecycle table and bumps <see cref="Version"/>, so a card showing an older version is stale.
/// </summary>
internal sealed class Question
{
    public long Id { get; set; }
    /// <summary>
    /// What asked it: the key of the message or click (its activity id within its channel and tenant). Unique, so a turn
    /// run again after a crash, or a redelivered click, finds the question it made instead of making another.
    /// </summary>
    public string? SourceKey { get; set; }
    public required string AskerId { get; set; }
    public required string AskerName { get; set; }
    /// <summary>The asker's 1:1 chat with the bot (relays and updates go there).</summary>
    public required ConversationRef AskerChat { get; set; }
    public required string Title { get; set; }
    public string? Details { get; set; }
    public string? Tried { get; set; }
    public string? Product { get; set; }
    public string Urgency { get; set; } = "normal";
    public string? CaseNumber { get; set; }
    public QuestionStatus Status { get; set; } = QuestionStatus.Open;
    public int Version { get; set; } = 1;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset LastActivityAt { get; set; }
    /// <summary>The experts' channel thread: its conversation id (with ;messageid=) once the root card is posted.</summary>
    public string? ThreadConversationId { get; set; }
    public string? ThreadRootActivityId { get; set; }
    /// <summary>The question card in the asker's chat, updated in place like the thread root.</summary>
    public string? AskerCardActivityId { get; set; }
    public int EscalationStep { get; set; }
    public string? Resolution { get; set; }
    public string? ResolvedById { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    public string? KnowledgeArticleId { get; set; }
    public string? CancelReason { get; set; }
    public List<Invitation> Invitations { get; set; } = [];
    public List<Contribution> Contributions { get; set; } = [];
    public List<Follower> Followers { get; set; } = [];

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
            Version++;
        }
        if (QuestionLifecycle.IsTerminal(next))
        {
            // Nobody can answer an invitation of a closed question: it stops being the expert's open load.
            foreach (var invitation in Invitations)
            {
                if (InvitationLifecycle.TryWithdraw(invitation.Status, out var withdrawn))
                {
                    invitation.Status = withdrawn;
                    invitation.AnsweredAt = now;
                }
            }
        }
        Status = next;
        LastActivityAt = now;
        return null;
    }

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
        QuestionEvent.AnswerRejected => "reopened",
        QuestionEvent.Accept => "accepted",
        QuestionEvent.Expire => "expired",
        QuestionEvent.Cancel => "cancelled",
        _ => happened.ToString(),
    };
}

/// <summary>One expert asked to help, and how they answered.</summary>
internal sealed class Invitation
{
    public long Id { get; set; }
    public long QuestionId { get; set; }
    public required string ExpertId { get; set; }
    public required string ExpertName { get; set; }
    /// <summary>The ranker's one-line explanation, shown on the invitation card.</summary>
    public required string Reason { get; set; }
    public int Step { get; set; }
    public InvitationStatus Status { get; set; } = InvitationStatus.Invited;
    public DeclineReason? DeclineReason { get; set; }
    public string? SuggestedExpertId { get; set; }
    public DateTimeOffset InvitedAt { get; set; }
    public DateTimeOffset? AnsweredAt { get; set; }
    /// <summary>Where the invitation card is (the expert's 1:1 chat, or the step's card in the experts' thread), so every change updates it.</summary>
    public string? CardConversationId { get; set; }
    public string? CardActivityId { get; set; }
}

/// <summary>A message in the discussion: an expert's reply in the thread, or the asker's follow-up.</summary>
internal sealed class Contribution
{
    public long Id { get; set; }
    public long QuestionId { get; set; }
    public required string AuthorId { get; set; }
    public required string AuthorName { get; set; }
    public required string Text { get; set; }
    /// <summary>The Teams activity id it came from: a redelivered reply is stored once.</summary>
    public required string SourceActivityId { get; set; }
    public bool FromAsker { get; set; }
    public bool ProposedAnswer { get; set; }
    public bool Accepted { get; set; }
    /// <summary>The asker's rating of how helpful it was, 1 to 5.</summary>
    public int? Rating { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>Someone who gets a short 1:1 update on every state change.</summary>
internal sealed class Follower
{
    public long Id { get; set; }
    public long QuestionId { get; set; }
    public required string UserId { get; set; }
    public required ConversationRef Chat { get; set; }
}
