using ExpertBot.Protocol.Auth;

namespace ExpertBot.Hosting;

/// <summary>Where inbound token signing keys come from (section <c>BotFramework</c>). Defaults are the public cloud.</summary>
internal sealed class BotFrameworkOptions
{
    public const string Section = "BotFramework";

    /// <summary>Bot Framework OpenID metadata; its <c>jwks_uri</c> lists the Bot Connector's signing keys.</summary>
    public string OpenIdMetadataUrl { get; set; } = BotAuthSettings.DefaultOpenIdMetadataUrl;

    /// <summary>Entra login host for single-tenant bots: keys at {EntraAuthority}/{tenant}/v2.0/.well-known/openid-configuration.</summary>
    public string EntraAuthority { get; set; } = BotAuthSettings.DefaultEntraAuthority;

    /// <summary>HTTPS, or HTTP on loopback only (local fakes): keys fetched in clear text could be swapped.</summary>
    public bool IsValid() =>
        BotAuthSettings.IsAcceptableKeyUrl(AsUri(OpenIdMetadataUrl)) && BotAuthSettings.IsAcceptableKeyUrl(AsUri(EntraAuthority));

    private static Uri? AsUri(string? value) => Uri.TryCreate(value, UriKind.Absolute, out var uri) ? uri : null;
}
