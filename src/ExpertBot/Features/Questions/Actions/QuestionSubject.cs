using ExpertBot.CardActions;
using ExpertBot.Features.Experts;
using ExpertBot.Teams;
using Microsoft.Extensions.Options;

namespace ExpertBot.Features.Questions.Actions;

/// <summary>Questions as the records card actions are about: their kind, and what a person is to one.</summary>
internal static class QuestionSubject
{
    public const string Kind = "question";

    /// <summary>Who may follow a question (and stop following it).</summary>
    public const Who Participants = Who.Asker | Who.InvitedExpert | Who.PoolMember | Who.Follower | Who.Supervisor | Who.Colleague;

    public static SubjectRef Of(long questionId) => new(Kind, questionId);

    public static IServiceCollection AddQuestionVerbs(this IServiceCollection services)
    {
        services.AddKeyedSingleton<ISubjectRoles, QuestionRoleFacts>(Kind);
        services.AddCardVerb<AskQuestion, AskQuestionHandler>();
        services.AddCardVerb<AskTheExperts, AskTheExpertsHandler>();
        services.AddCardVerb<TakeInvitation, TakeInvitationHandler>();
        services.AddCardVerb<DeclineInvitation, DeclineInvitationHandler>();
        services.AddCardVerb<FollowQuestion, FollowQuestionHandler>();
        services.AddCardVerb<UnfollowQuestion, UnfollowQuestionHandler>();
        services.AddCardVerb<ReplyToExperts, ReplyToExpertsHandler>();
        services.AddCardVerb<CancelQuestion, CancelQuestionHandler>();
        services.AddCardVerb<ShowQuestion, ShowQuestionHandler>();
        return services;
    }
}

/// <summary>
/// What an actor is to a question: asker, invited expert, follower, supervisor, a member of its pool (everyone in the
/// directory when the pool lists no members), a colleague when questions are open to the company. A question of another
/// tenant is no question at all for them.
/// </summary>
internal sealed class QuestionRoleFacts(QuestionService questions, QuestionRouting routing, ExpertDirectory directory, IOptions<QuestionOptions> options)
    : ISubjectRoles
{
    public async Task<Who?> RolesAsync(long id, Actor actor, string? tenantId, CancellationToken ct)
    {
        var q = await questions.FindAsync(id, ct);
        if (q is null || (q.AskerChat.TenantId is { Length: > 0 } owner && tenantId is { Length: > 0 } && !Same(owner, tenantId)))
        {
            return null;
        }
        Who roles = 0;
        if (Same(q.AskerId, actor.Id))
        {
            roles |= Who.Asker;
        }
        if (q.Invitations.Any(i => Same(i.ExpertId, actor.Id)))
        {
            roles |= Who.InvitedExpert;
        }
        if (q.Followers.Any(f => Same(f.UserId, actor.Id)))
        {
            roles |= Who.Follower;
        }
        if (await questions.IsSupervisorAsync(actor.Id, ct))
        {
            roles |= Who.Supervisor;
        }
        if (options.Value.OpenToCompany)
        {
            roles |= Who.Colleague;
        }
        // The pool only matters to someone the question has no other tie to; it may cost a directory read.
        if (roles == 0 && await IsPoolMemberAsync(q, actor.Id, ct))
        {
            roles |= Who.PoolMember;
        }
        return roles;
    }

    private async Task<bool> IsPoolMemberAsync(Question q, string actorId, CancellationToken ct) =>
        routing.PoolFor(q).Members is { } members ? members.Contains(actorId) : await directory.FindAsync(actorId, ct) is not null;

    private static bool Same(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
