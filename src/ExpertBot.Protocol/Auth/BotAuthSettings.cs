namespace ExpertBot.Protocol.Auth;

/// <summary>What the validator needs to know about the bot and where the signing keys live.</summary>
/// <param name="AppId">The bot's Microsoft App ID: the audience every token must carry.</param>
/// <param name="TenantId">The tenant of a single-tenant bot; null accepts Bot Connector tokens only.</param>
/// <param name="OpenIdMetadataUrl">The Bot Framework OpenID metadata document.</param>
/// <param name="EntraAuthority">The Entra login host; tenant metadata is at {authority}/{tid}/v2.0/.well-known/openid-configuration.</param>
public sealed record BotAuthSettings(string AppId, string? TenantId, Uri OpenIdMetadataUrl, Uri EntraAuthority)
{
    public const string DefaultOpenIdMetadataUrl = "https://login.botframework.com/v1/.well-known/openidconfiguration";
    public const string DefaultEntraAuthority = "https://login.microsoftonline.com";

    public Uri EntraMetadataUrl(string tenantId) =>
        new($"{EntraAuthority.AbsoluteUri.TrimEnd('/')}/{Uri.EscapeDataString(tenantId)}/v2.0/.well-known/openid-configuration");

    /// <summary>The app id itself and the two application-ID-URI forms Entra puts in <c>aud</c>.</summary>
    public IReadOnlyList<string> Audiences => [AppId, $"api://{AppId}", $"api://botid-{AppId}"];

    /// <summary>Keys are fetched over HTTPS only; plain HTTP is allowed on loopback for local fakes.</summary>
    public static bool IsAcceptableKeyUrl(Uri? url) =>
        url is { IsAbsoluteUri: true }
        && (url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback));
}
