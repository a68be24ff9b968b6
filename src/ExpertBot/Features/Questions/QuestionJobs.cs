using ExpertBot.Features.Questions.Jobs;
using ExpertBot.Storage.Jobs;
using ExpertBot.Teams;

namespace ExpertBot.Features.Questions;

/// <summary>
/// The durable jobs that carry a question's effects and timers, with their dedup keys. Dedup keys include the question's
/// version (or the step, or the source activity), so a retried action never sends twice and a new state always gets its
/// own update. Each kind's record and handler are in Jobs/.
/// </summary>
internal static class QuestionJobs
{
    public static IServiceCollection AddQuestionJobs(this IServiceCollection services) => services
        .AddJob<DeliverInvitations, DeliverInvitationsHandler>()
        .AddJob<EscalateStep, EscalateStepHandler>()
        .AddJob<RefreshQuestionCards, RefreshQuestionCardsHandler>()
        .AddJob<NotifyPerson, NotifyPersonHandler>()
        .AddJob<RelayToAsker, RelayToAskerHandler>()
        .AddJob<RelayToThread, RelayToThreadHandler>()
        .AddJob<CallFallback, CallFallbackHandler>()
        .AddJob<CheckIdle, CheckIdleHandler>();

    public static NewJob Invite(Question q, int step) =>
        TypedJobs.For(new DeliverInvitations(q.Id, step), NewJob.Key(DeliverInvitations.Kind, Id(q), Text(step))) with { OrderingKey = Order(q) };

    public static NewJob InviteOne(Question q, int step, string expertId) =>
        TypedJobs.For(new DeliverInvitations(q.Id, step, expertId), NewJob.Key(DeliverInvitations.Kind, Id(q), Text(step), expertId)) with { OrderingKey = Order(q) };

    public static NewJob Escalate(Question q, int step, DateTimeOffset due) =>
        TypedJobs.For(new EscalateStep(q.Id, step), NewJob.Key(EscalateStep.Kind, Id(q), Text(step))) with { RunAfter = due };

    /// <summary>The step's escalation, due now: nobody of it is left to take the question.</summary>
    public static NewJob EscalateNow(Question q, int step, DateTimeOffset now) =>
        TypedJobs.For(new EscalateStep(q.Id, step), NewJob.Key(EscalateStep.Kind, Id(q), Text(step), "now")) with { RunAfter = now };

    public static NewJob Refresh(Question q) =>
        TypedJobs.For(new RefreshQuestionCards(q.Id, q.Version), NewJob.Key(RefreshQuestionCards.Kind, Id(q), Text(q.Version))) with { OrderingKey = Order(q) };

    public static NewJob Notify(Question q, string userId, ConversationRef chat, string text) =>
        TypedJobs.For(new NotifyPerson(q.Id, userId, chat, text), NewJob.Key(NotifyPerson.Kind, Id(q), Text(q.Version), userId, text));

    public static NewJob RelayToAsker(Question q, string sourceActivityId) =>
        TypedJobs.For(new RelayToAsker(q.Id, sourceActivityId), NewJob.Key(Jobs.RelayToAsker.Kind, Id(q), sourceActivityId)) with { OrderingKey = Order(q) };

    public static NewJob RelayToThread(Question q, string sourceActivityId) =>
        TypedJobs.For(new RelayToThread(q.Id, sourceActivityId), NewJob.Key(Jobs.RelayToThread.Kind, Id(q), sourceActivityId)) with { OrderingKey = Order(q) };

    public static NewJob Fallback(Question q) =>
        TypedJobs.For(new CallFallback(q.Id), NewJob.Key(CallFallback.Kind, Id(q)));

    /// <summary>What follows a resolution (the write-back to the case): committed with the resolution, run after it.</summary>
    public static NewJob Resolved(Question q) =>
        TypedJobs.For(new QuestionResolved(q.Id), NewJob.Key(QuestionResolved.Kind, Id(q))) with { OrderingKey = Order(q) };

    /// <summary>What the knowledge base learns from a resolution (a draft article, or a link): committed with the resolution.</summary>
    public static NewJob DraftArticle(Question q) =>
        TypedJobs.For(new DraftArticle(q.Id), NewJob.Key(Jobs.DraftArticle.Kind, Id(q)));

    public static NewJob Idle(Question q, DateTimeOffset due) =>
        TypedJobs.For(new CheckIdle(q.Id, q.LastActivityAt), NewJob.Key(CheckIdle.Kind, Id(q), Text(due.UtcTicks))) with { RunAfter = due };

    // One question's sends run in order (thread root before its replies).
    private static string Order(Question q) => $"question:{q.Id}";

    private static string Id(Question q) => Text(q.Id);

    private static string Text(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
