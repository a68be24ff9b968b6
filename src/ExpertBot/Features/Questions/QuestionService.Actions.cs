using ExpertBot.CardActions;
using ExpertBot.Features.Routing;
using ExpertBot.Storage.Jobs;
using ExpertBot.Teams;

namespace ExpertBot.Features.Questions;

/// <summary>What the people on a question do to it: route, take, decline, reply, propose, accept, rate, cancel, follow.</summary>
internal sealed partial class QuestionService
{
    /// <summary>The asker says a knowledge article answers it: resolved as reuse, linked to the article.</summary>
    public Task<QuestionOutcome> AnsweredByKnowledgeBaseAsync(long id, Actor actor, string articleId, string resolution, CancellationToken ct) =>
        ActAsync(id, actor, QuestionAction.Accept, (q, now, jobs) =>
        {
            if (q.Resolve(QuestionEvent.AnsweredByKnowledgeBase, actor.Id, resolution, accepted: null, articleId, now) is { } refused)
            {
                return refused;
            }
            jobs.Add(QuestionJobs.Refresh(q));
            jobs.Add(QuestionJobs.Resolved(q));
            jobs.Add(QuestionJobs.DraftArticle(q));
            return null;
        }, ct);

    /// <summary>
    /// Invites the first experts. The candidates come from the ranker; the asker is never one of them. Asking again
    /// while the experts are being asked (a double click on "ask the experts") shows the same state and invites no one.
    /// </summary>
    public async Task<QuestionOutcome> RouteAsync(long id, Actor actor, IReadOnlyList<Candidate> candidates, StepPolicy policy, CancellationToken ct)
    {
        var supervisor = await IsSupervisorAsync(actor.Id, ct);
        return await ActAsync(id, actor, QuestionAction.Accept, (q, now, jobs) =>
        {
            if (q.Apply(QuestionEvent.RouteToExperts, now) is { } refused)
            {
                return refused;
            }
            Invite(q, candidates, policy, now, jobs);
            return null;
        }, ct, idempotentWhen: q => q.Status == QuestionStatus.Routing && QuestionRoles.Check(QuestionAction.Accept, actor.Id, q, supervisor) is null);
    }

    public Task<QuestionOutcome> TakeAsync(long id, Actor actor, CancellationToken ct) =>
        ActAsync(id, actor, QuestionAction.Take, (q, now, jobs) =>
        {
            if (q.Take(q.InvitationOf(actor.Id)!, now) is { } refused)
            {
                return refused;
            }
            jobs.Add(QuestionJobs.Refresh(q));
            NotifyAll(q, jobs, $"{actor.Name} is taking {q.Number}: \"{TextClip.Display(q.Title, 120)}\".", except: actor.Id);
            return null;
        }, ct, idempotentWhen: q => InvitationOf(q, actor.Id)?.Status == InvitationStatus.Accepted);

    /// <summary>
    /// An invited expert declines. With "someone else is better" and a <paramref name="suggested"/> person (already
    /// resolved in the directory), that person is invited too, in the same step, unless they are the asker or already
    /// invited: a colleague's pointer is the best routing signal there is.
    /// </summary>
    public Task<QuestionOutcome> DeclineAsync(long id, Actor actor, DeclineReason reason, Candidate? suggested, CancellationToken ct) =>
        ActAsync(id, actor, QuestionAction.Decline, (q, now, jobs) =>
        {
            if (QuestionLifecycle.IsTerminal(q.Status))
            {
                return new Refusal("That can't be done now", $"{q.Number} is {Question.Describe(q.Status)}.");
            }
            q.Decline(q.InvitationOf(actor.Id)!, reason, suggested?.Id, now);
            jobs.Add(QuestionJobs.Refresh(q));
            if (reason == DeclineReason.SomeoneElse && suggested is not null && q.Invite(suggested.Id, suggested.Name, suggested.Reason, now) is not null)
            {
                jobs.Add(QuestionJobs.InviteOne(q, q.EscalationStep, suggested.Id));
                NotifyAll(q, jobs, $"{actor.Name} thinks {suggested.Name} is better placed for {Named(q)}, so I invited them.", except: actor.Id);
            }
            else
            {
                NotifyAll(q, jobs, $"{actor.Name} declined {Named(q)} ({Describe(reason)}).", except: actor.Id);
            }
            EscalateIfStepIsOver(q, now, jobs);
            return null;
        }, ct, idempotentWhen: q => InvitationOf(q, actor.Id)?.Status == InvitationStatus.Declined);

    /// <summary>A reply in the experts' thread (or the asker's follow-up): stored once per Teams activity and relayed.</summary>
    public Task<QuestionOutcome> RecordReplyAsync(long id, Actor author, string text, string sourceActivityId, bool fromAsker, CancellationToken ct) =>
        RecordAsync(id, author, text, sourceActivityId, fromAsker, proposesAnswer: false, ct);

    /// <summary>
    /// An expert's reply that proposes the answer ("Answer: ..."): stored, and proposed in the same change when the
    /// expert took the question, so the asker's copy is relayed already marked as the proposed answer (two steps raced
    /// with the relay). When it may not be proposed, it is still stored as a reply; <see cref="ProposeAsync"/> says why.
    /// </summary>
    public Task<QuestionOutcome> RecordProposalAsync(long id, Actor author, string text, string sourceActivityId, CancellationToken ct) =>
        RecordAsync(id, author, text, sourceActivityId, fromAsker: false, proposesAnswer: true, ct);

    private Task<QuestionOutcome> RecordAsync(long id, Actor author, string text, string sourceActivityId, bool fromAsker, bool proposesAnswer, CancellationToken ct) =>
        ActAsync(id, actor: null, action: null, (q, now, jobs) =>
        {
            if (QuestionLifecycle.IsTerminal(q.Status))
            {
                return new Refusal("This question is closed", $"{q.Number} is {Question.Describe(q.Status)}; start a new question to go on.");
            }
            var contribution = q.AddContribution(author.Id, author.Name, text, sourceActivityId, fromAsker, now);
            if (proposesAnswer && QuestionRoles.Check(QuestionAction.Propose, author.Id, q, isSupervisor: false) is null
                && q.Propose(contribution, now) is null)
            {
                jobs.Add(QuestionJobs.Refresh(q));
                jobs.Add(ProposedNotice(q, author));
            }
            jobs.Add(fromAsker ? QuestionJobs.RelayToThread(q, sourceActivityId) : QuestionJobs.RelayToAsker(q, sourceActivityId));
            return null;
        }, ct, idempotentWhen: q => q.Contributions.Any(c => c.SourceActivityId == sourceActivityId));

    public Task<QuestionOutcome> ProposeAsync(long id, Actor actor, long contributionId, CancellationToken ct) =>
        ActAsync(id, actor, QuestionAction.Propose, (q, now, jobs) =>
        {
            var contribution = q.Contributions.FirstOrDefault(c => c.Id == contributionId && !c.FromAsker);
            if (contribution is null)
            {
                return new Refusal("Unknown reply", $"That reply is not part of {q.Number}.");
            }
            if (q.Propose(contribution, now) is { } refused)
            {
                return refused;
            }
            jobs.Add(QuestionJobs.Refresh(q));
            jobs.Add(ProposedNotice(q, actor));
            return null;
        }, ct, idempotentWhen: q => q.Contributions.Any(c => c.Id == contributionId && c.ProposedAnswer));

    /// <summary>
    /// The asker accepts an expert's reply, or writes the final answer themselves (<paramref name="contributionId"/> null).
    /// The same person accepting the same reply again (a double click) gets the same result; any other late accept is refused.
    /// </summary>
    public Task<QuestionOutcome> AcceptAsync(long id, Actor actor, long? contributionId, string? finalAnswer, CancellationToken ct) =>
        ActAsync(id, actor, QuestionAction.Accept, (q, now, jobs) =>
        {
            var contribution = contributionId is null ? null : q.Contributions.FirstOrDefault(c => c.Id == contributionId && !c.FromAsker);
            if (contributionId is not null && contribution is null)
            {
                return new Refusal("Unknown reply", $"That reply is not part of {q.Number}.");
            }
            var answer = contribution?.Text ?? finalAnswer;
            if (string.IsNullOrWhiteSpace(answer))
            {
                return new Refusal("No answer given", "Write the final answer, or accept one of the experts' replies.");
            }
            if (q.Resolve(QuestionEvent.Accept, actor.Id, answer, contribution, articleId: null, now) is { } refused)
            {
                return refused;
            }
            jobs.Add(QuestionJobs.Refresh(q));
            jobs.Add(QuestionJobs.Resolved(q));
            jobs.Add(QuestionJobs.DraftArticle(q));
            NotifyAll(q, jobs, $"{Named(q)} is resolved. Thank you to everyone who helped!", except: actor.Id);
            if (contribution is not null && !Same(contribution.AuthorId, actor.Id))
            {
                // The expert whose answer it was hears it, with thanks; their rating follows when the asker gives one.
                jobs.Add(QuestionJobs.Notify(q, contribution.AuthorId, PersonalChatOf(q, contribution.AuthorId),
                    $"{actor.Name} accepted your answer to {Named(q)}. Thank you!"));
            }
            return null;
        }, ct, idempotentWhen: q => contributionId is not null && q.Status == QuestionStatus.Resolved && Same(q.ResolvedById, actor.Id)
            && q.Contributions.Any(c => c.Id == contributionId && c.Accepted));

    /// <summary>The asker rates how helpful each expert who replied was (1 to 5); all ratings of one click or none.</summary>
    public Task<QuestionOutcome> RateAsync(long id, Actor actor, IReadOnlyList<(long ContributionId, int Rating)> ratings, CancellationToken ct) =>
        ActAsync(id, actor, QuestionAction.Rate, (q, now, jobs) =>
        {
            var rated = ratings.Select(r => (Contribution: q.Contributions.FirstOrDefault(c => c.Id == r.ContributionId && !c.FromAsker), r.Rating)).ToArray();
            if (rated.Length == 0 || rated.Any(r => r.Contribution is null || r.Rating is < 1 or > 5))
            {
                return new Refusal("Can't rate that", "Ratings are 1 to 5 stars for an expert's reply to this question; nothing changed.");
            }
            foreach (var (contribution, rating) in rated)
            {
                q.Rate(contribution!, rating, now);
                jobs.Add(QuestionJobs.Notify(q, contribution!.AuthorId, PersonalChatOf(q, contribution.AuthorId),
                    $"{actor.Name} rated your help on {Named(q)}: {rating} of 5."));
            }
            return null;
        }, ct);

    public Task<QuestionOutcome> CancelAsync(long id, Actor actor, string? reason, CancellationToken ct) =>
        ActAsync(id, actor, QuestionAction.Cancel, (q, now, jobs) =>
        {
            if (q.Cancel(reason, now) is { } refused)
            {
                return refused;
            }
            jobs.Add(QuestionJobs.Refresh(q));
            NotifyAll(q, jobs, $"{Named(q)} was cancelled by {actor.Name}: {q.CancelReason}", except: actor.Id);
            return null;
        }, ct, idempotentWhen: q => q.Status == QuestionStatus.Cancelled);

    public Task<QuestionOutcome> FollowAsync(long id, Actor actor, CancellationToken ct) =>
        ActAsync(id, actor, QuestionAction.Follow, (q, now, jobs) =>
        {
            q.Follow(actor.Id, actor.Chat);
            return null;
        }, ct, idempotentWhen: q => q.Followers.Any(f => Same(f.UserId, actor.Id)));

    /// <summary>Stops a follower's updates; a no-op for someone not following.</summary>
    public Task<QuestionOutcome> UnfollowAsync(long id, Actor actor, CancellationToken ct) =>
        ActAsync(id, actor, QuestionAction.Unfollow, (q, now, jobs) =>
        {
            q.Unfollow(actor.Id);
            return null;
        }, ct, idempotentWhen: q => !q.Followers.Any(f => Same(f.UserId, actor.Id)));

    /// <summary>
    /// An invitation could not be delivered (the expert cannot be reached in Teams: the app is not installed for them, or
    /// they left): it no longer counts as asked, the asker is told, and when nobody of the step is left the next step starts.
    /// </summary>
    public Task<QuestionOutcome> MarkUndeliverableAsync(long id, string expertId, string why, CancellationToken ct) =>
        ActAsync(id, actor: null, action: null, (q, now, jobs) =>
        {
            if (q.InvitationOf(expertId) is not { } invitation || !q.MarkUndeliverable(invitation, now))
            {
                return new Refusal("Nothing to mark", "The invitation was answered meanwhile.");
            }
            jobs.Add(QuestionJobs.Refresh(q));
            jobs.Add(QuestionJobs.Notify(q, q.AskerId, q.AskerChat, $"I could not reach {invitation.ExpertName} in Teams ({why}), so they were not asked about {Named(q)}."));
            EscalateIfStepIsOver(q, now, jobs);
            return null;
        }, ct);

    private static string Describe(DeclineReason reason) => reason switch
    {
        DeclineReason.TooBusy => "too busy right now",
        DeclineReason.SomeoneElse => "someone else knows better",
        _ => "not their area",
    };

    /// <summary>Whether a notice to this user is a follower's update (and they still follow), rather than the asker's.</summary>
    public static bool IsFollowerNotice(Question q, string userId) =>
        !Same(q.AskerId, userId) && q.Followers.Any(f => Same(f.UserId, userId));
}
