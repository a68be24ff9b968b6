namespace ExpertBot.Features.Questions;

internal enum QuestionStatus { Open, Routing, InDiscussion, Answered, Resolved, Expired, Cancelled }

/// <summary>Everything that can happen to a question. Who may cause it is checked elsewhere (roles).</summary>
internal enum QuestionEvent
{
    /// <summary>The knowledge base did not answer (or the agent skipped it): find experts.</summary>
    RouteToExperts,
    /// <summary>The agent said a knowledge-base suggestion answers it.</summary>
    AnsweredByKnowledgeBase,
    /// <summary>Invitations timed out and the next experts are being asked.</summary>
    Escalate,
    /// <summary>An invited expert took the question.</summary>
    ExpertJoined,
    /// <summary>An expert marked a reply as the proposed answer.</summary>
    AnswerProposed,
    /// <summary>The agent accepted an answer or wrote the final one.</summary>
    Accept,
    /// <summary>No activity for too long.</summary>
    Expire,
    Cancel,
}

/// <summary>
/// The question state machine as one pure table: a move not listed is illegal and changes nothing.
/// Terminal states (Resolved, Expired, Cancelled) have no moves, so late clicks on old cards are refused.
/// </summary>
internal static class QuestionLifecycle
{
    private static readonly Dictionary<(QuestionStatus, QuestionEvent), QuestionStatus> Moves = new()
    {
        [(QuestionStatus.Open, QuestionEvent.RouteToExperts)] = QuestionStatus.Routing,
        [(QuestionStatus.Open, QuestionEvent.AnsweredByKnowledgeBase)] = QuestionStatus.Resolved,
        [(QuestionStatus.Open, QuestionEvent.Accept)] = QuestionStatus.Resolved,
        [(QuestionStatus.Open, QuestionEvent.Expire)] = QuestionStatus.Expired,
        [(QuestionStatus.Open, QuestionEvent.Cancel)] = QuestionStatus.Cancelled,

        [(QuestionStatus.Routing, QuestionEvent.Escalate)] = QuestionStatus.Routing,
        [(QuestionStatus.Routing, QuestionEvent.ExpertJoined)] = QuestionStatus.InDiscussion,
        [(QuestionStatus.Routing, QuestionEvent.Accept)] = QuestionStatus.Resolved,
        [(QuestionStatus.Routing, QuestionEvent.Expire)] = QuestionStatus.Expired,
        [(QuestionStatus.Routing, QuestionEvent.Cancel)] = QuestionStatus.Cancelled,

        // More experts may join a discussion that is already under way.
        [(QuestionStatus.InDiscussion, QuestionEvent.ExpertJoined)] = QuestionStatus.InDiscussion,
        [(QuestionStatus.InDiscussion, QuestionEvent.AnswerProposed)] = QuestionStatus.Answered,
        [(QuestionStatus.InDiscussion, QuestionEvent.Accept)] = QuestionStatus.Resolved,
        [(QuestionStatus.InDiscussion, QuestionEvent.Expire)] = QuestionStatus.Expired,
        [(QuestionStatus.InDiscussion, QuestionEvent.Cancel)] = QuestionStatus.Cancelled,

        [(QuestionStatus.Answered, QuestionEvent.ExpertJoined)] = QuestionStatus.Answered,
        [(QuestionStatus.Answered, QuestionEvent.AnswerProposed)] = QuestionStatus.Answered,
        [(QuestionStatus.Answered, QuestionEvent.Accept)] = QuestionStatus.Resolved,
        [(QuestionStatus.Answered, QuestionEvent.Expire)] = QuestionStatus.Expired,
        [(QuestionStatus.Answered, QuestionEvent.Cancel)] = QuestionStatus.Cancelled,
    };

    public static bool TryMove(QuestionStatus from, QuestionEvent happened, out QuestionStatus to) =>
        Moves.TryGetValue((from, happened), out to);

    public static bool IsTerminal(QuestionStatus status) =>
        status is QuestionStatus.Resolved or QuestionStatus.Expired or QuestionStatus.Cancelled;
}

internal enum InvitationStatus
{
    Invited,
    Accepted,
    Declined,
    TimedOut,
    /// <summary>
    /// The question closed (resolved, expired or cancelled) before the expert answered. Nobody can answer it any more, so
    /// it is no longer the expert's open load: without this an unanswered invitation stayed "invited" for good, and
    /// counting an expert's load read every one they ever left unanswered.
    /// </summary>
    Withdrawn,
    /// <summary>The invitation could not be delivered: the expert is not reachable in Teams. Never asked, so not their load.</summary>
    Undeliverable,
}

internal enum DeclineReason { NotMyArea, TooBusy, SomeoneElse }

/// <summary>An invitation is answered once: accepted, declined, timed out or withdrawn. Anything after that is refused.</summary>
internal static class InvitationLifecycle
{
    public static bool TryAccept(InvitationStatus from, out InvitationStatus to) => Answer(from, InvitationStatus.Accepted, out to);

    public static bool TryDecline(InvitationStatus from, out InvitationStatus to) => Answer(from, InvitationStatus.Declined, out to);

    public static bool TryTimeOut(InvitationStatus from, out InvitationStatus to) => Answer(from, InvitationStatus.TimedOut, out to);

    public static bool TryWithdraw(InvitationStatus from, out InvitationStatus to) => Answer(from, InvitationStatus.Withdrawn, out to);

    public static bool TryMarkUndeliverable(InvitationStatus from, out InvitationStatus to) => Answer(from, InvitationStatus.Undeliverable, out to);

    /// <summary>Any answer (not back to <see cref="InvitationStatus.Invited"/>): only an invitation still waiting can be answered.</summary>
    public static bool TryAnswer(InvitationStatus from, InvitationStatus answer, out InvitationStatus to)
    {
        if (answer == InvitationStatus.Invited)
        {
            to = from;
            return false;
        }
        return Answer(from, answer, out to);
    }

    private static bool Answer(InvitationStatus from, InvitationStatus target, out InvitationStatus to)
    {
        to = from == InvitationStatus.Invited ? target : from;
        return from == InvitationStatus.Invited;
    }
}
