namespace ExpertBot.Hosting;

/// <summary>
/// Section "Roles": who product managers and admins are, as Entra user or group object ids. Everyone else sees and does
/// only what concerns them.
/// </summary>
internal sealed class RoleOptions
{
    public const string Section = "Roles";

    public List<string> ProductManagers { get; set; } = [];

    public List<string> Admins { get; set; } = [];
}

/// <summary>
/// Whether someone holds a role configured as a list of Entra user or group ids (Roles:*, Questions:Supervisors). A user id
/// matches at once; a group matches by the groups claim of the caller's token when there is one (the tab), else by a
/// directory look-up (chat: a Teams activity carries no groups).
/// </summary>
internal sealed class AppRoles(Microsoft.Extensions.Options.IOptions<RoleOptions> options, IGroupMembership membership)
{
    private readonly string[] _pms = [.. options.Value.ProductManagers.Select(s => s.Trim())];
    private readonly string[] _admins = [.. options.Value.Admins.Select(s => s.Trim())];

    public IReadOnlyCollection<string> ProductManagers => _pms;

    public IReadOnlyCollection<string> Admins => _admins;

    public Task<bool> IsProductManagerAsync(string userId, IReadOnlyList<string>? tokenGroups, CancellationToken ct) => HoldsAsync(_pms, userId, tokenGroups, ct);

    /// <param name="tokenGroups">The groups claim of the caller's token; null when there is none (chat, or a token without it).</param>
    public async Task<bool> HoldsAsync(IReadOnlyCollection<string> ids, string userId, IReadOnlyList<string>? tokenGroups, CancellationToken ct) =>
        (await HoldsEachAsync(userId, tokenGroups, ct, ids))[0];

    /// <summary>Which of several roles' id lists the user is in, with at most one membership look-up for all of them.</summary>
    public async Task<bool[]> HoldsEachAsync(string userId, IReadOnlyList<string>? tokenGroups, CancellationToken ct, params IReadOnlyCollection<string>[] roles)
    {
        var held = roles.Select(ids => ids.Contains(userId, StringComparer.OrdinalIgnoreCase)).ToArray();
        var open = Enumerable.Range(0, roles.Length).Where(i => !held[i] && roles[i].Count > 0).ToList();
        if (open.Count == 0)
        {
            return held;
        }
        var groups = tokenGroups ?? (IEnumerable<string>)await membership.GroupsOfAsync(userId, [.. open.SelectMany(i => roles[i])], ct);
        var set = new HashSet<string>(groups, StringComparer.OrdinalIgnoreCase);
        foreach (var i in open)
        {
            held[i] = roles[i].Any(set.Contains);
        }
        return held;
    }
}

internal static class AppRolesSetup
{
    public static IServiceCollection AddAppRoles(this IServiceCollection services)
    {
        services.AddOptions<RoleOptions>().BindConfiguration(RoleOptions.Section)
            .Validate(o => o.ProductManagers.Concat(o.Admins).All(s => !string.IsNullOrWhiteSpace(s)), "Roles: every id must be non-empty.")
            .ValidateOnStart();
        services.AddSingleton<AppRoles>();
        return services;
    }
}
