using ExpertBot.CardActions;
using ExpertBot.Features.Routing;

namespace ExpertBot.Features.Questions;

/// <summary>The question's timers, run by durable jobs: escalation when nobody takes it, reminders and expiry when idle.</summary>
internal sealed partial class QuestionService
{
    /// <summary>A timer job: nobody took the invitations of <paramref name="step"/>; ask the next experts or the fallback.</summary>
    public Task<QuestionOutcome> EscalateAsync(long id, int step, IReadOnlyList<Candidate> nextCandidates, StepPolicy policy, CancellationToken ct) =>
        ActAsync(id, actor: null, action: null, (q, now, jobs) =>
        {
            // A late timer (someone took it, or a later step already ran) changes nothing.
            if (q.EndStep(step, now) is { } moved)
            {
                return moved;
            }
            var fresh = nextCandidates.Where(c => q.Invitations.All(i => !Same(i.ExpertId, c.Id))).ToArray();
            // Why the step ended, in the words of what happened: time ran out, or everyone declined or could not be reached.
            var ended = q.Invitations.Where(i => i.Step == step).Any(i => i.Status == InvitationStatus.TimedOut) ? "in time" : "(everyone asked declined or could not be reached)";
            if (q.EscalationStep >= policy.MaxSteps || fresh.Length == 0)
            {
                // The fallback job tells the asker who was asked to step in, once it has actually asked them.
                jobs.Add(QuestionJobs.Fallback(q));
            }
            else
            {
                Invite(q, fresh, policy, now, jobs);
                jobs.Add(QuestionJobs.Notify(q, q.AskerId, q.AskerChat,
                    $"Nobody took {Named(q)} {ended}, so I invited {string.Join(", ", fresh.Select(c => c.Name))}."));
            }
            return null;
        }, ct);

    /// <summary>A timer job: no activity since <paramref name="seenActivity"/> reminds the asker, then expires the question.</summary>
    public Task<QuestionOutcome> IdleAsync(long id, DateTimeOffset seenActivity, CancellationToken ct) =>
        ActAsync(id, actor: null, action: null, (q, now, jobs) =>
        {
            if (QuestionLifecycle.IsTerminal(q.Status))
            {
                return new Refusal("Closed", $"{q.Number} is closed.");
            }
            if (q.LastActivityAt > seenActivity)
            {
                // Something happened since: look again later.
                jobs.Add(QuestionJobs.Idle(q, q.LastActivityAt + Options.ReminderAfter));
                return null;
            }
            if (now - q.LastActivityAt >= Options.ExpireAfter)
            {
                q.Apply(QuestionEvent.Expire, now);
                jobs.Add(QuestionJobs.Refresh(q));
                NotifyAll(q, jobs, $"{Named(q)} expired after {Options.ExpireAfter.TotalDays:0} days without activity.", except: null);
                return null;
            }
            jobs.Add(QuestionJobs.Notify(q, q.AskerId, q.AskerChat,
                $"{q.Number} (\"{q.Title}\") has had no activity for a while. Is it still open? Accept an answer or cancel it from the card."));
            jobs.Add(QuestionJobs.Idle(q, q.LastActivityAt + Options.ExpireAfter));
            return null;
        }, ct);
}
