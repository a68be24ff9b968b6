using ExpertBot.CardActions;
using ExpertBot.Features.Routing;
using ExpertBot.Hosting;
using ExpertBot.Storage;
using ExpertBot.Storage.Jobs;
using ExpertBot.Teams;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ExpertBot.Features.Questions;

/// <summary>What a new question carries in.</summary>
internal sealed record NewQuestion(
    Actor Asker, string Title, string? Details, string? Tried, string? Product, string? Urgency, string? CaseNumber, string? SourceKey = null);

/// <summary>The result of an action: the question as it now is, or a refusal (and then nothing changed).</summary>
internal sealed record QuestionOutcome(Question? Question, Refusal? Refusal, bool Changed)
{
    public static QuestionOutcome Refused(Question? question, Refusal refusal) => new(question, refusal, false);
}

/// <summary>
/// Every change to a question: load, check role and lifecycle, change, and store the change together with the jobs
/// that carry its effects to Teams (outbox), in one transaction. Two instances racing on one question: the version is
/// a concurrency token, so the loser reloads and decides again on the fresh state.
/// </summary>
internal sealed partial class QuestionService(
    ExpertBotDatabase database, JobSignal signal, InvitationLoad load, AppRoles roles, TimeProvider time, IOptions<QuestionOptions> options)
{
    private QuestionOptions Options => options.Value;

    /// <summary>Whether the user may act for any asker (Questions:Supervisors, by user id or Entra group).</summary>
    public Task<bool> IsSupervisorAsync(string userId, CancellationToken ct) => roles.HoldsAsync(Options.Supervisors, userId, tokenGroups: null, ct);

    public Task<Question> AskAsync(NewQuestion ask, CancellationToken ct) => AskAsync(Draft(ask), ct);

    /// <summary>
    /// Stores a new question (a <see cref="Draft"/>) with its idle timer. When its source asked already (a turn run again),
    /// nothing is stored and the question that source made is returned.
    /// </summary>
    public async Task<Question> AskAsync(Question question, CancellationToken ct)
    {
        if (question.Id != 0)
        {
            throw new InvalidOperationException($"{question.Number} is stored already.");
        }
        var created = await database.WriteAsync(async scope =>
        {
            if (!await QuestionInsert.InsertAsync(scope, question, ct))
            {
                return false;
            }
            // The idle timer needs the id, which the insert above assigned; both commit together.
            await scope.EnqueueJobAsync(QuestionJobs.Idle(question, question.CreatedAt + Options.ReminderAfter), question.CreatedAt, ct);
            return true;
        }, ct);
        if (!created)
        {
            return await FindBySourceAsync(question.SourceKey!, ct) ?? throw new InvalidOperationException("A question's source was taken, yet no question has it.");
        }
        signal.Wake();
        return question;
    }

    /// <summary>A person's questions, open ones first, then the most recently active: what "my questions" shows.</summary>
    public async Task<IReadOnlyList<Question>> ForAskerAsync(string askerId, int count, CancellationToken ct)
    {
        await using var db = database.CreateContext();
        var mine = db.Set<Question>().AsNoTracking().Where(q => q.AskerId == askerId);
        var open = await mine.Where(q => q.Status != QuestionStatus.Resolved && q.Status != QuestionStatus.Expired && q.Status != QuestionStatus.Cancelled)
            .OrderByDescending(q => q.LastActivityAt).Take(count).ToListAsync(ct);
        var closed = open.Count >= count ? [] : await mine.Where(q => q.Status == QuestionStatus.Resolved || q.Status == QuestionStatus.Expired || q.Status == QuestionStatus.Cancelled)
            .OrderByDescending(q => q.LastActivityAt).Take(count - open.Count).ToListAsync(ct);
        return [.. open, .. closed];
    }

    /// <summary>The question a message or click (its source key) made, if it made one.</summary>
    public async Task<Question?> FindBySourceAsync(string sourceKey, CancellationToken ct)
    {
        await using var db = database.CreateContext();
        var id = await db.Set<Question>().Where(q => q.SourceKey == sourceKey).Select(q => (long?)q.Id).FirstOrDefaultAsync(ct);
        return id is null ? null : await LoadAsync(id.Value, ct);
    }

    /// <summary>
    /// A new question as it will be stored, not stored yet: the flow searches the knowledge base and ranks experts for it
    /// first, then stores it with <see cref="AskAsync"/> or, routed, with <see cref="AskAndRouteAsync"/>.
    /// </summary>
    public Question Draft(NewQuestion ask)
    {
        var now = time.GetUtcNow();
        return new Question
        {
            AskerId = ask.Asker.Id,
            AskerName = ask.Asker.Name,
            AskerChat = ask.Asker.Chat,
            Title = Clip(ask.Title, QuestionLimits.TitleLength)!,
            Details = Clip(ask.Details, QuestionLimits.TextLength),
            Tried = Clip(ask.Tried, QuestionLimits.TextLength),
            Product = Clip(ask.Product, 100),
            Urgency = ask.Urgency is "low" or "high" or "critical" ? ask.Urgency : "normal",
            CaseNumber = Clip(ask.CaseNumber, 100),
            SourceKey = ask.SourceKey,
            CreatedAt = now,
            LastActivityAt = now,
        };
    }

    /// <summary>
    /// Stores a new question (a <see cref="Draft"/>) already routed to its first experts: the question, its invitations, its
    /// idle timer and the step's jobs in one transaction. The same outcome as <see cref="AskAsync"/> then
    /// <see cref="RouteAsync"/>, in one write instead of two and without reading the question back in between.
    /// </summary>
    public async Task<QuestionOutcome> AskAndRouteAsync(Question question, IReadOnlyList<Candidate> candidates, StepPolicy policy, CancellationToken ct)
    {
        if (question.Id != 0)
        {
            throw new InvalidOperationException($"{question.Number} is stored already; route it with RouteAsync.");
        }
        var asked = question.CreatedAt;
        if (QuestionRoles.Check(QuestionAction.Accept, question.AskerId, question, isSupervisor: false) is { } denied)
        {
            return QuestionOutcome.Refused(null, denied);
        }
        if (question.Apply(QuestionEvent.RouteToExperts, asked) is { } refused)
        {
            return QuestionOutcome.Refused(null, refused);
        }
        AddInvitations(question, candidates, policy, asked);
        var created = await database.WriteAsync(async scope =>
        {
            if (!await QuestionInsert.InsertAsync(scope, question, ct))
            {
                return false;
            }
            // The jobs name the question's id, which the insert above assigned; all of it commits together.
            var jobs = new List<NewJob> { QuestionJobs.Idle(question, asked + Options.ReminderAfter) };
            AddStepJobs(question, policy, asked, jobs);
            foreach (var job in jobs)
            {
                await scope.EnqueueJobAsync(job, asked, ct);
            }
            return true;
        }, ct);
        if (!created)
        {
            // Its source asked already (a turn run again after a crash, a redelivered click): what it made, unchanged.
            return new QuestionOutcome(await FindBySourceAsync(question.SourceKey!, ct), null, false);
        }
        load.Invited(question.Invitations.Select(i => i.ExpertId), asked);
        signal.Wake();
        return new QuestionOutcome(question, null, true);
    }

    public Task<Question?> FindAsync(long id, CancellationToken ct) => LoadAsync(id, ct);

    /// <summary>
    /// The question with its invitations only (no replies, no followers), in one plain statement (<see cref="QuestionRead"/>):
    /// what delivering a step's invitations reads, once per routed question, where the full load was four statements.
    /// </summary>
    public Task<Question?> FindWithInvitationsAsync(long id, CancellationToken ct) =>
        database.ReadAsync((connection, dialect) => QuestionRead.WithInvitationsAsync(connection, dialect, id, ct), ct);

    public async Task<Question?> FindByThreadAsync(string threadConversationId, CancellationToken ct)
    {
        await using var db = database.CreateContext();
        var id = await db.Set<Question>().Where(q => q.ThreadConversationId == threadConversationId).Select(q => (long?)q.Id).FirstOrDefaultAsync(ct);
        return id is null ? null : await LoadAsync(id.Value, ct);
    }

    /// <summary>Remembers where the question's cards are in Teams (thread root, asker's copy), so state changes update them.</summary>
    public async Task AttachCardsAsync(long id, string? threadConversationId, string? threadRootActivityId, string? askerCardActivityId, CancellationToken ct)
    {
        if (threadConversationId is null && threadRootActivityId is null && askerCardActivityId is null)
        {
            return;
        }
        // Not a state change (no version bump, no concurrency check): only these columns, in one statement that reads
        // nothing first, so it can neither undo nor be undone by a concurrent action on the question's state. Plain SQL of
        // one fixed shape: it runs after every routed question's reply.
        await database.WriteAsync(async scope =>
        {
            var command = scope.Statement(AttachCards);
            WriteScope.Add(command, "thread", threadConversationId);
            WriteScope.Add(command, "root", threadRootActivityId);
            WriteScope.Add(command, "card", askerCardActivityId);
            WriteScope.Add(command, "id", id);
            await command.ExecuteNonQueryAsync(ct);
        }, ct);
    }

    /// <summary>Remembers where invitation cards went (the expert's 1:1 card, or the step's card in the thread), so changes update them.</summary>
    public async Task AttachInvitationCardAsync(long questionId, IReadOnlyCollection<long> invitationIds, string conversationId, string? activityId, CancellationToken ct)
    {
        if (activityId is null || invitationIds.Count == 0)
        {
            return;
        }
        await using var db = database.CreateContext();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Set<Invitation>().Where(i => i.QuestionId == questionId && invitationIds.Contains(i.Id))
            .ExecuteUpdateAsync(u => u.SetProperty(i => i.CardConversationId, conversationId).SetProperty(i => i.CardActivityId, activityId), ct);
        await tx.CommitAsync(ct);
    }

    private const string AttachCards = """
        UPDATE "questions" SET
          "ThreadConversationId" = COALESCE(@thread, "ThreadConversationId"),
          "ThreadRootActivityId" = COALESCE(@root, "ThreadRootActivityId"),
          "AskerCardActivityId" = COALESCE(@card, "AskerCardActivityId")
        WHERE "Id" = @id
        """;

    /// <summary>Supervision only matters for acting in an asker's place; only then is it looked up (it may ask Graph).</summary>
    private async Task<bool> MaySuperviseAsync(QuestionAction action, Actor actor, Question question, CancellationToken ct) =>
        action is QuestionAction.Accept or QuestionAction.Rate or QuestionAction.Cancel
        && !string.Equals(question.AskerId, actor.Id, StringComparison.OrdinalIgnoreCase)
        && await IsSupervisorAsync(actor.Id, ct);

    private async Task<QuestionOutcome> ActAsync(long id, Actor? actor, QuestionAction? action,
        Func<Question, DateTimeOffset, List<NewJob>, Refusal?> change, CancellationToken ct, Func<Question, bool>? idempotentWhen = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var db = database.CreateContext();
            var question = await Query(db).FirstOrDefaultAsync(q => q.Id == id, ct);
            if (question is null)
            {
                return QuestionOutcome.Refused(null, new Refusal("Unknown question", "This card points to a question that does not exist."));
            }
            // A repeated click (or redelivered activity) that already took effect: same result, no change.
            if (idempotentWhen?.Invoke(question) == true)
            {
                return new QuestionOutcome(question, null, false);
            }
            if (actor is not null && action is not null
                && QuestionRoles.Check(action.Value, actor.Id, question, await MaySuperviseAsync(action.Value, actor, question, ct)) is { } denied)
            {
                return QuestionOutcome.Refused(question, denied);
            }
            var now = time.GetUtcNow();
            var jobs = new List<NewJob>();
            if (change(question, now, jobs) is { } refusal)
            {
                return QuestionOutcome.Refused(question, refusal);
            }
            // New invitations count towards their experts' load once committed (see InvitationLoad).
            var invited = question.Invitations.Where(i => i.Id == 0).Select(i => i.ExpertId).ToList();
            try
            {
                // The change and the jobs carrying its effects commit together (outbox). Enqueueing ignores a job whose
                // dedup key exists already: a re-run timer or a retried action never fails on, or repeats, its effects.
                await db.SaveWithJobsAsync(jobs, now, ct);
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
                continue; // Someone else changed it first: decide again on the fresh state.
            }
            catch (DbUpdateException) when (attempt < 3 && idempotentWhen is not null)
            {
                continue; // A unique index caught a concurrent duplicate (same reply, same follower): reload and see.
            }
            if (invited.Count > 0)
            {
                load.Invited(invited, now);
            }
            if (jobs.Count > 0)
            {
                signal.Wake();
            }
            return new QuestionOutcome(question, null, true);
        }
    }

    private static void Invite(Question q, IEnumerable<Candidate> candidates, StepPolicy policy, DateTimeOffset now, List<NewJob> jobs)
    {
        AddInvitations(q, candidates, policy, now);
        AddStepJobs(q, policy, now, jobs);
    }

    private static void AddInvitations(Question q, IEnumerable<Candidate> candidates, StepPolicy policy, DateTimeOffset now)
    {
        foreach (var candidate in candidates.Where(c => !Same(c.Id, q.AskerId)).Take(policy.ExpertsPerStep))
        {
            q.Invite(candidate.Id, candidate.Name, candidate.Reason, now);
        }
    }

    /// <summary>The current step's jobs: deliver its invitations now, escalate when they time out.</summary>
    private static void AddStepJobs(Question q, StepPolicy policy, DateTimeOffset now, List<NewJob> jobs)
    {
        jobs.Add(QuestionJobs.Invite(q, q.EscalationStep));
        jobs.Add(QuestionJobs.Escalate(q, q.EscalationStep, now + policy.InvitationTimeout));
    }

    private static NewJob ProposedNotice(Question q, Actor expert) =>
        QuestionJobs.Notify(q, q.AskerId, q.AskerChat, $"{expert.Name} proposed an answer to {Named(q)}. Accept it from the card when it solves the case.");

    /// <summary>A question as notices name it: its number and (the start of) its title, so the reader knows which one.</summary>
    internal static string Named(Question q) => $"{q.Number} (\"{TextClip.Display(q.Title, 120)}\")";

    /// <summary>Someone's 1:1 chat with the bot, by their Entra id, opened in the tenant of the question.</summary>
    private static ConversationRef PersonalChatOf(Question q, string userId) => q.AskerChat with { ConversationId = "", UserId = userId };

    /// <summary>
    /// When nobody of the current step can still take the question (all declined, or could not be reached) the next step
    /// starts now instead of after the time-out; the escalation job is the same one, due at once.
    /// </summary>
    private static void EscalateIfStepIsOver(Question q, DateTimeOffset now, List<NewJob> jobs)
    {
        var step = q.Invitations.Where(i => i.Step == q.EscalationStep).ToList();
        if (q.Status == QuestionStatus.Routing && step.Count > 0 && step.All(i => i.Status is InvitationStatus.Declined or InvitationStatus.Undeliverable or InvitationStatus.TimedOut))
        {
            jobs.Add(QuestionJobs.EscalateNow(q, q.EscalationStep, now));
        }
    }

    private static void NotifyAll(Question q, List<NewJob> jobs, string text, string? except)
    {
        if (!Same(q.AskerId, except))
        {
            jobs.Add(QuestionJobs.Notify(q, q.AskerId, q.AskerChat, text));
        }
        foreach (var follower in q.Followers.Where(f => !Same(f.UserId, except) && !Same(f.UserId, q.AskerId)))
        {
            jobs.Add(QuestionJobs.Notify(q, follower.UserId, follower.Chat, text));
        }
    }

    private async Task<Question?> LoadAsync(long id, CancellationToken ct)
    {
        await using var db = database.CreateContext();
        return await Query(db).AsNoTracking().FirstOrDefaultAsync(q => q.Id == id, ct);
    }

    private static IQueryable<Question> Query(ExpertBotDb db) =>
        db.Set<Question>().Include(q => q.Invitations).Include(q => q.Contributions).Include(q => q.Followers).AsSplitQuery();

    private static Invitation? InvitationOf(Question q, string expertId) => q.InvitationOf(expertId);

    private static bool Same(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static string? Clip(string? text, int max) => TextClip.Clip(text, max);
}
