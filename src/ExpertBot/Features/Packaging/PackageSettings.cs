using System.Text.RegularExpressions;

namespace ExpertBot.Features.Packaging;

/// <summary>
/// The values the committed manifest leaves as <c>{{Key}}</c> placeholders, read from configuration and
/// checked before anything is written: Teams rejects a package with a non-GUID id or a non-semver version
/// only at upload, far from the person who built it.
/// </summary>
internal sealed partial record PackageSettings(string AppId, string BotId, string Domain, string Version)
{
    public const string DefaultVersion = "1.0.0";

    /// <summary>The placeholder names manifest.json may use, and their values.</summary>
    public IReadOnlyDictionary<string, string> Placeholders => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["TeamsApp:Id"] = AppId,
        ["MicrosoftAppId"] = BotId,
        ["TeamsApp:Domain"] = Domain,
        ["TeamsApp:Version"] = Version,
    };

    /// <summary>Either the settings or every problem found (all at once, so one run shows everything to fix).</summary>
    public static (PackageSettings? Settings, IReadOnlyList<string> Errors) Resolve(IConfiguration configuration)
    {
        var errors = new List<string>();
        var botId = Clean(configuration["MicrosoftAppId"]);
        var ownAppId = Clean(configuration["TeamsApp:Id"]);
        var appId = ownAppId ?? botId;
        var domain = Clean(configuration["TeamsApp:Domain"]);
        var version = Clean(configuration["TeamsApp:Version"]) ?? DefaultVersion;

        if (botId is null)
        {
            errors.Add("MicrosoftAppId is not set: the bot's Entra app id (a GUID) is needed for bots[0].botId. Set MicrosoftAppId (env MicrosoftAppId, or --MicrosoftAppId=<guid>).");
        }
        else if (!IsGuid(botId))
        {
            errors.Add($"MicrosoftAppId '{botId}' is not a GUID (expected like 00000000-0000-0000-0000-000000000000).");
        }
        if (ownAppId is not null && !IsGuid(ownAppId))
        {
            errors.Add($"TeamsApp:Id '{ownAppId}' is not a GUID (env TeamsApp__Id; leave it empty to use MicrosoftAppId).");
        }
        if (domain is null)
        {
            errors.Add("TeamsApp:Domain is not set: the public host name serving the bot and the tab, e.g. expertbot.contoso.com (env TeamsApp__Domain, or --TeamsApp:Domain=<host>).");
        }
        else if (!IsHostName(domain))
        {
            errors.Add($"TeamsApp:Domain '{domain}' is not a host name: give the name only, e.g. expertbot.contoso.com, without https://, port or path.");
        }
        if (!Semver().IsMatch(version))
        {
            errors.Add($"TeamsApp:Version '{version}' is not MAJOR.MINOR.PATCH (e.g. 1.4.0), the only form Teams accepts (env TeamsApp__Version).");
        }

        return errors.Count > 0 || botId is null || appId is null || domain is null
            ? (null, errors)
            : (new PackageSettings(appId, botId, domain, version), errors);
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static bool IsGuid(string value) => Guid.TryParseExact(value, "D", out _);

    // A DNS name only: Teams matches validDomains and the SSO resource URI against the bare host.
    private static bool IsHostName(string value) =>
        value.IndexOfAny([':', '/', '?', '#', '@', ' ']) < 0 && value.Contains('.', StringComparison.Ordinal)
        && Uri.CheckHostName(value) == UriHostNameType.Dns;

    // The manifest schema's own "semver" definition: three numbers, no pre-release or build suffix.
    [GeneratedRegex(@"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$", RegexOptions.CultureInvariant)]
    private static partial Regex Semver();
}
