using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ExpertBot.Protocol.Auth;

/// <summary>A signed-in user as a validated Entra token names them.</summary>
/// <param name="Groups">
/// The token's groups claim; null when it has none (the app registration emits no groups claim, or the user is in more
/// groups than a token holds and Entra left the claim out), so the caller must look membership up elsewhere.
/// </param>
public sealed record TokenUser(string ObjectId, string Name, string TenantId, IReadOnlyList<string>? Groups);

/// <summary>The outcome of validating a user's token: the user, or why not (<see cref="Unavailable"/>: the keys could not be read).</summary>
public sealed record UserAuthResult(TokenUser? User, string? Reason, bool Unavailable = false)
{
    public static UserAuthResult Refused(string reason) => new(null, reason);
}

/// <summary>
/// Validates a Teams tab's SSO token (<c>authentication.getAuthToken</c>): an Entra access token for the app's
/// <c>api://{domain}/{app id}</c> resource. Issuer: the configured tenant's Entra (v2 or v1 form); RS256/384/512 signed by a
/// key from that tenant's OpenID metadata; audience one of the app's; exp and nbf with 5 minutes skew; a user (oid) of
/// that tenant (tid). An app-only token names no user and is refused.
/// </summary>
public sealed class UserTokenValidator
{
    private static readonly string[] AllowedAlgorithms =
        [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512];

    private readonly string _tenantId;
    private readonly IReadOnlyList<string> _audiences;
    private readonly TimeProvider _time;
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly OpenIdSigningKeys _keys;

    public UserTokenValidator(string tenantId, IReadOnlyList<string> audiences, Uri entraAuthority, Func<HttpClient> httpClients, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        _tenantId = tenantId;
        _audiences = audiences.Count > 0 ? audiences : throw new ArgumentException("At least one audience is needed.", nameof(audiences));
        _time = time;
        var metadata = new BotAuthSettings("-", tenantId, new Uri(BotAuthSettings.DefaultOpenIdMetadataUrl), entraAuthority).EntraMetadataUrl(tenantId);
        _keys = new OpenIdSigningKeys(metadata, httpClients, time, KeyRefreshPolicy.Default);
    }

    public async Task<UserAuthResult> ValidateAsync(string? authorization, CancellationToken ct)
    {
        const string scheme = "Bearer ";
        if (authorization is null || !authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) || authorization[scheme.Length..].Trim() is not { Length: > 0 } token)
        {
            return UserAuthResult.Refused("no Bearer token");
        }
        JsonWebToken jwt;
        try
        {
            jwt = _handler.ReadJsonWebToken(token);
        }
        catch (ArgumentException)
        {
            return UserAuthResult.Refused("the Bearer token is not a JWT");
        }
        if (!AllowedAlgorithms.Contains(jwt.Alg, StringComparer.Ordinal))
        {
            return UserAuthResult.Refused("signing algorithm not allowed");
        }
        if (TokenIssuers.Classify(jwt.Issuer, _tenantId) != TokenSource.Entra)
        {
            return UserAuthResult.Refused("untrusted issuer");
        }
        if (string.IsNullOrEmpty(jwt.Kid))
        {
            return UserAuthResult.Refused("the token names no signing key");
        }
        var lookup = await _keys.FindAsync(jwt.Kid, ct);
        if (lookup.Unavailable)
        {
            return new UserAuthResult(null, $"Entra signing keys unavailable: {_keys.LastError}", Unavailable: true);
        }
        if (lookup.Key is not { } key)
        {
            return UserAuthResult.Refused("unknown signing key");
        }
        var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuers = TokenIssuers.For(TokenSource.Entra, _tenantId),
            ValidAudiences = _audiences,
            IssuerSigningKey = key.Key,
            TryAllIssuerSigningKeys = false,
            ValidAlgorithms = AllowedAlgorithms,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            RequireAudience = true,
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            ClockSkew = BotTokenValidator.ClockSkew,
            LifetimeValidator = ValidateLifetime,
        });
        if (!result.IsValid)
        {
            return UserAuthResult.Refused($"token validation failed: {result.Exception?.GetType().Name ?? "unknown"}");
        }
        if (Claim(jwt, "oid") is not { } oid || Claim(jwt, "tid") is not { } tid || !string.Equals(tid, _tenantId, StringComparison.OrdinalIgnoreCase))
        {
            return UserAuthResult.Refused("the token names no user of the tenant");
        }
        List<string>? groups = jwt.TryGetPayloadValue<List<string>>("groups", out var g) ? g : null;
        return new UserAuthResult(new TokenUser(oid, Claim(jwt, "name") ?? Claim(jwt, "preferred_username") ?? oid, tid, groups), null);
    }

    private bool ValidateLifetime(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        if (expires is null)
        {
            throw new SecurityTokenNoExpirationException("The token has no expiry.");
        }
        if (notBefore is { } nbf && nbf > now + BotTokenValidator.ClockSkew)
        {
            throw new SecurityTokenNotYetValidException("The token is not valid yet.") { NotBefore = nbf };
        }
        if (expires.Value < now - BotTokenValidator.ClockSkew)
        {
            throw new SecurityTokenExpiredException("The token has expired.") { Expires = expires.Value };
        }
        return true;
    }

    private static string? Claim(JsonWebToken jwt, string name) =>
        jwt.TryGetPayloadValue<string>(name, out var value) && !string.IsNullOrEmpty(value) ? value : null;
}
