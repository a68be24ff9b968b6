using ExpertBot.Teams;

namespace ExpertBot.CardActions;

/// <summary>
/// What an actor is to a stored record of one kind (registered keyed by the kind, e.g. "question", by the feature that
/// owns it). Null when there is no such record for them to act on: the record does not exist, or belongs to another tenant.
/// </summary>
internal interface ISubjectRoles
{
    Task<Who?> RolesAsync(long id, Actor actor, string? tenantId, CancellationToken ct);
}
