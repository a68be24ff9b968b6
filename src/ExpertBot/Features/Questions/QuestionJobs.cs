using ExpertBot.Storage.Jobs;

namespace ExpertBot.Features.Questions;

/// <summary>
/// The durable jobs that carry a question's effects and timers. Dedup keys include the question's version (or the
/// step, or the source activity), so a retried action never sends twice and a new state always gets its own update.
/// </summary>
internal static class QuestionJobs
{
    public const string InviteKind = "questions.invite";
    public const string EscalateKind = "questions.escalate";
    public const string RefreshKind = "questions.refresh";
    public const string NotifyKind = "questions.notify";
    public const string RelayToAskerKind = "questions.relay-to-asker";
    public const string RelayToThreadKind = "questions.relay-to-thread";
    public const string FallbackKind = "questions.fallback";
    public const string IdleKind = "questions.idle";

    public sealed record QuestionRef(long QuestionId);
    /// <summary>A step's invitations; with <paramref name="ExpertId"/>, only that expert's (one added later, e.g. a suggestion).</summary>
    public sealed record StepRef(long QuestionId, int Step, string? ExpertId = null);
    public sealed record VersionRef(long QuestionId, int Version);
    public sealed record RelayRef(long QuestionId, string SourceActivityId);
    public sealed record IdleRef(long QuestionId, DateTimeOffset SeenActivity);
    public sealed record NotifyMessage(long QuestionId, string UserId, ConversationRef Chat, string Text);

    public static NewJob Invite(Question q, int step) =>
        NewJob.Json(InviteKind, NewJob.Key(InviteKind, q.Id.ToString(), step.ToString()), new StepRef(q.Id, step)) with { OrderingKey = Order(q) };

    public static NewJob InviteOne(Question q, int step, string expertId) =>
        NewJob.Json(InviteKind, NewJob.Key(InviteKind, q.Id.ToString(), step.ToString(), expertId), new StepRef(q.Id, step, expertId))
            with { OrderingKey = Order(q) };

    public static NewJob Escalate(Question q, int step, DateTimeOffset due) =>
        NewJob.Json(EscalateKind, NewJob.Key(EscalateKind, q.Id.ToString(), step.ToString()), new StepRef(q.Id, step)) with { RunAfter = due };

    public static NewJob Refresh(Question q) =>
        NewJob.Json(RefreshKind, NewJob.Key(RefreshKind, q.Id.ToString(), q.Version.ToString()), new VersionRef(q.Id, q.Version)) with { OrderingKey = Order(q) };

    public static NewJob Notify(Question q, string userId, ConversationRef chat, string text) =>
        NewJob.Json(NotifyKind, NewJob.Key(NotifyKind, q.Id.ToString(), q.Version.ToString(), userId, text), new NotifyMessage(q.Id, userId, chat, text));

    public static NewJob RelayToAsker(Question q, string sourceActivityId) =>
        NewJob.Json(RelayToAskerKind, NewJob.Key(RelayToAskerKind, q.Id.ToString(), sourceActivityId), new RelayRef(q.Id, sourceActivityId)) with { OrderingKey = Order(q) };

    public static NewJob RelayToThread(Question q, string sourceActivityId) =>
        NewJob.Json(RelayToThreadKind, NewJob.Key(RelayToThreadKind, q.Id.ToString(), sourceActivityId), new RelayRef(q.Id, sourceActivityId)) with { OrderingKey = Order(q) };

    public static NewJob Fallback(Question q) =>
        NewJob.Json(FallbackKind, NewJob.Key(FallbackKind, q.Id.ToString()), new QuestionRef(q.Id));

    public static NewJob Idle(Question q, DateTimeOffset due) =>
        NewJob.Json(IdleKind, NewJob.Key(IdleKind, q.Id.ToString(), due.UtcTicks.ToString()), new IdleRef(q.Id, q.LastActivityAt)) with { RunAfter = due };

    // One question's sends run in order (thread root before its replies).
    private static string Order(Question q) => $"question:{q.Id}";
}
