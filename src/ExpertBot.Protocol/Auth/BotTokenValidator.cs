using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ExpertBot.Protocol.Auth;

/// <summary>
/// Validates the <c>Authorization: Bearer</c> JWT of an inbound activity as the Bot Framework
/// "authentication for bots" protocol requires: a known issuer, RS256/384/512 signed by a key from that
/// issuer's OpenID metadata, the bot's app id as audience, a lifetime with exp and nbf (5 minutes
/// skew), and for Bot Connector tokens a key endorsed for the activity's channel and a
/// <c>serviceurl</c> claim equal to the activity's serviceUrl (so a token cannot be replayed to make
/// the bot send its own credentials somewhere else).
/// </summary>
public sealed class BotTokenValidator
{
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private static readonly string[] AllowedAlgorithms =
        [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512];

    private readonly BotAuthSettings _settings;
    private readonly TimeProvider _time;
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly OpenIdSigningKeys _botConnectorKeys;
    private readonly OpenIdSigningKeys? _entraKeys;

    public BotTokenValidator(BotAuthSettings settings, Func<HttpClient> httpClients, TimeProvider time)
        : this(settings, httpClients, time, KeyRefreshPolicy.Default)
    {
    }

    internal BotTokenValidator(BotAuthSettings settings, Func<HttpClient> httpClients, TimeProvider time, KeyRefreshPolicy policy)
    {
        _settings = settings;
        _time = time;
        _botConnectorKeys = new OpenIdSigningKeys(settings.OpenIdMetadataUrl, httpClients, time, policy);
        _entraKeys = string.IsNullOrWhiteSpace(settings.TenantId)
            ? null
            : new OpenIdSigningKeys(settings.EntraMetadataUrl(settings.TenantId), httpClients, time, policy);
    }

    /// <param name="authorization">The raw Authorization header value, if any.</param>
    /// <param name="channelId">The activity's channelId (endorsement check).</param>
    /// <param name="serviceUrl">The activity's serviceUrl (serviceurl claim check).</param>
    public async Task<BotAuthResult> ValidateAsync(string? authorization, string? channelId, string? serviceUrl, CancellationToken ct)
    {
        if (!TryGetBearer(authorization, out var token))
        {
            return BotAuthResult.Refused("no Bearer token in the Authorization header");
        }
        if (!_handler.CanReadToken(token))
        {
            return BotAuthResult.Refused("the Bearer token is not a JWT");
        }
        JsonWebToken jwt;
        try
        {
            jwt = _handler.ReadJsonWebToken(token);
        }
        catch (ArgumentException)
        {
            return BotAuthResult.Refused("the Bearer token is not a JWT");
        }

        // Cheap checks on the unverified token first: refusing is always safe, and a forged token
        // should not make us fetch keys.
        if (!AllowedAlgorithms.Contains(jwt.Alg, StringComparer.Ordinal))
        {
            return BotAuthResult.Refused($"signing algorithm {Show(jwt.Alg)} is not allowed");
        }
        var source = TokenIssuers.Classify(jwt.Issuer, _settings.TenantId);
        if (source == TokenSource.Unknown)
        {
            return BotAuthResult.Refused($"untrusted issuer {Show(jwt.Issuer)}");
        }
        if (!jwt.TryGetPayloadValue<long>(JwtRegisteredClaimNames.Exp, out _) || !jwt.TryGetPayloadValue<long>(JwtRegisteredClaimNames.Nbf, out _))
        {
            return BotAuthResult.Refused("the token lacks exp or nbf");
        }
        var serviceUrlProblem = CheckServiceUrl(jwt, source, serviceUrl);
        if (serviceUrlProblem is not null)
        {
            return BotAuthResult.Refused(serviceUrlProblem);
        }
        if (string.IsNullOrEmpty(jwt.Kid))
        {
            return BotAuthResult.Refused("the token names no signing key (kid)");
        }

        var keys = source == TokenSource.BotConnector ? _botConnectorKeys : _entraKeys!;
        var lookup = await keys.FindAsync(jwt.Kid, ct);
        if (lookup.Unavailable)
        {
            return BotAuthResult.Unavailable($"{source} signing keys unavailable: {keys.LastError}");
        }
        if (lookup.Key is not { } key)
        {
            return BotAuthResult.Refused($"unknown {source} signing key id {Show(jwt.Kid)}");
        }
        // Bot Framework keys say which channels may use them; Entra keys carry no endorsements.
        if (source == TokenSource.BotConnector && (string.IsNullOrEmpty(channelId) || !key.Endorsements.Contains(channelId, StringComparer.Ordinal)))
        {
            return BotAuthResult.Refused($"signing key is not endorsed for channel {Show(channelId)}");
        }

        var result = await _handler.ValidateTokenAsync(token, Parameters(source, key));
        if (!result.IsValid)
        {
            // The exception type names the failed rule; its message could quote token content.
            return BotAuthResult.Refused($"token validation failed: {result.Exception?.GetType().Name ?? "unknown"}");
        }
        var appId = Claim(jwt, "appid") ?? Claim(jwt, "azp");
        return new BotAuthResult(BotAuthOutcome.Authenticated, null, source, appId, result.ClaimsIdentity);
    }

    private TokenValidationParameters Parameters(TokenSource source, SigningKey key) => new()
    {
        ValidIssuers = TokenIssuers.For(source, _settings.TenantId),
        ValidAudiences = _settings.Audiences,
        IssuerSigningKey = key.Key,
        TryAllIssuerSigningKeys = false,
        ValidAlgorithms = AllowedAlgorithms,
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        RequireAudience = true,
        ValidateIssuer = true,
        ValidateAudience = true,
        ValidateLifetime = true,
        ClockSkew = ClockSkew,
        // The library's own time source is not public in 8.x; this keeps "now" on the injected clock.
        LifetimeValidator = ValidateLifetime,
    };

    private bool ValidateLifetime(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        if (expires is null)
        {
            throw new SecurityTokenNoExpirationException("The token has no expiry.");
        }
        if (notBefore is { } nbf && nbf > now + ClockSkew)
        {
            throw new SecurityTokenNotYetValidException("The token is not valid yet.") { NotBefore = nbf };
        }
        if (expires.Value < now - ClockSkew)
        {
            throw new SecurityTokenExpiredException("The token has expired.") { Expires = expires.Value };
        }
        return true;
    }

    private static string? CheckServiceUrl(JsonWebToken jwt, TokenSource source, string? serviceUrl)
    {
        var claim = Claim(jwt, "serviceurl");
        if (claim is null)
        {
            // Required on Bot Connector tokens; Entra-issued tokens do not carry it.
            return source == TokenSource.BotConnector ? "the token has no serviceurl claim" : null;
        }
        return ServiceUrls.Same(claim, serviceUrl) ? null : "the serviceurl claim does not match the activity's serviceUrl";
    }

    private static string? Claim(JsonWebToken jwt, string name) =>
        jwt.TryGetPayloadValue<string>(name, out var value) && !string.IsNullOrEmpty(value) ? value : null;

    private static bool TryGetBearer(string? authorization, out string token)
    {
        token = string.Empty;
        const string scheme = "Bearer ";
        if (authorization is null || !authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        token = authorization[scheme.Length..].Trim();
        return token.Length > 0;
    }

    /// <summary>Quotes an unverified value for the log, bounded so a hostile token cannot flood it.</summary>
    private static string Show(string? value) =>
        value is null ? "(none)" : $"'{(value.Length > 80 ? value[..80] + "…" : value)}'";
}
