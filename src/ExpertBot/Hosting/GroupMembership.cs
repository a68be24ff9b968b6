namespace ExpertBot.Hosting;

/// <summary>
/// Which of some Entra groups a person is in. Roles may be configured as group ids, and a Teams activity names its sender
/// by object id only, so a click in chat needs this look-up (as does the tab when the token carries no groups claim).
/// </summary>
internal interface IGroupMembership
{
    /// <summary>
    /// The ids among <paramref name="ids"/> that name a group <paramref name="userId"/> is in (transitively). Ids of people
    /// and unknown ids are groups of no one; a look-up that fails finds none, so an error never grants a role.
    /// </summary>
    Task<IReadOnlySet<string>> GroupsOfAsync(string userId, IReadOnlyCollection<string> ids, CancellationToken ct);
}

/// <summary>The JSON directory knows no Entra groups: roles are matched by user id only.</summary>
internal sealed class NoGroupMembership : IGroupMembership
{
    private static readonly IReadOnlySet<string> None = new HashSet<string>();

    public Task<IReadOnlySet<string>> GroupsOfAsync(string userId, IReadOnlyCollection<string> ids, CancellationToken ct) => Task.FromResult(None);
}
