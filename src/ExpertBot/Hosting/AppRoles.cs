namespace ExpertBot.Hosting;

/// <summary>
/// Section "Roles": who product managers and admins are (Entra user object ids; the tab also accepts Entra group ids from
/// the token's groups claim). Everyone else sees and does only what concerns them.
/// </summary>
internal sealed class RoleOptions
{
    public const string Section = "Roles";

    public List<string> ProductManagers { get; set; } = [];

    public List<string> Admins { get; set; } = [];
}

/// <summary>The configured roles, read once; a user matches by their object id (or, in the tab, one of their groups).</summary>
internal sealed class AppRoles(Microsoft.Extensions.Options.IOptions<RoleOptions> options)
{
    private readonly HashSet<string> _pms = new(options.Value.ProductManagers.Select(s => s.Trim()), StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _admins = new(options.Value.Admins.Select(s => s.Trim()), StringComparer.OrdinalIgnoreCase);

    public bool IsProductManager(string userId, IEnumerable<string>? groups = null) => Matches(_pms, userId, groups);

    public bool IsAdmin(string userId, IEnumerable<string>? groups = null) => Matches(_admins, userId, groups);

    private static bool Matches(HashSet<string> ids, string userId, IEnumerable<string>? groups) =>
        ids.Contains(userId) || (groups?.Any(ids.Contains) ?? false);
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
