namespace ExpertBot.Protocol.Auth;

/// <summary>Who signed an inbound token, which decides the key set and the checks that apply.</summary>
public enum TokenSource
{
    Unknown,

    /// <summary>The Bot Connector: keys from the Bot Framework OpenID metadata, endorsements apply.</summary>
    BotConnector,

    /// <summary>Entra ID for a single-tenant bot: keys from the tenant's OpenID metadata, no endorsements.</summary>
    Entra,
}

/// <summary>
/// The issuer choice as a pure function of the (unverified) <c>iss</c> claim and the bot's tenant.
/// It only picks where to look for keys: the signature and every other rule are checked afterwards,
/// so an attacker choosing the issuer gains nothing but a different set of keys to fail against.
/// </summary>
public static class TokenIssuers
{
    public const string BotConnector = "https://api.botframework.com";

    public static string EntraV2(string tenantId) => $"https://login.microsoftonline.com/{tenantId}/v2.0";

    public static string EntraV1(string tenantId) => $"https://sts.windows.net/{tenantId}/";

    /// <summary>The issuers valid for a source; empty for <see cref="TokenSource.Unknown"/>.</summary>
    public static IReadOnlyList<string> For(TokenSource source, string? tenantId) => source switch
    {
        TokenSource.BotConnector => [BotConnector],
        TokenSource.Entra when !string.IsNullOrWhiteSpace(tenantId) => [EntraV2(tenantId), EntraV1(tenantId)],
        _ => [],
    };

    public static TokenSource Classify(string? issuer, string? tenantId)
    {
        if (string.IsNullOrEmpty(issuer))
        {
            return TokenSource.Unknown;
        }
        if (string.Equals(issuer, BotConnector, StringComparison.Ordinal))
        {
            return TokenSource.BotConnector;
        }
        // Entra tokens are accepted only for the bot's own tenant; a multi-tenant bot without a
        // tenant id gets Bot Connector tokens only. GUIDs may be configured in upper case.
        if (!string.IsNullOrWhiteSpace(tenantId)
            && (string.Equals(issuer, EntraV2(tenantId), StringComparison.OrdinalIgnoreCase)
                || string.Equals(issuer, EntraV1(tenantId), StringComparison.OrdinalIgnoreCase)))
        {
            return TokenSource.Entra;
        }
        return TokenSource.Unknown;
    }
}
