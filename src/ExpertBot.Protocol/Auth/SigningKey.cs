using Microsoft.IdentityModel.Tokens;

namespace ExpertBot.Protocol.Auth;

/// <summary>A key from a JWKS with the channels that endorse it (Bot Framework keys only; Entra keys have none).</summary>
internal sealed record SigningKey(string KeyId, SecurityKey Key, IReadOnlyList<string> Endorsements);

/// <summary>The result of a key lookup: the key, none with that id, or no keys at all (metadata unreachable).</summary>
internal sealed record KeyLookup(SigningKey? Key, bool Unavailable)
{
    public static readonly KeyLookup NotFound = new(null, false);
    public static readonly KeyLookup NoKeys = new(null, true);
}

/// <summary>How often keys are refreshed.</summary>
/// <param name="Interval">Regular refresh: Bot Framework and Entra roll keys with days of overlap.</param>
/// <param name="UnknownKeyInterval">Least time between fetches caused by an unknown kid, so forged kids cannot hammer the metadata server.</param>
/// <param name="RetryAfterFailure">Least time between attempts after a failed fetch.</param>
internal sealed record KeyRefreshPolicy(TimeSpan Interval, TimeSpan UnknownKeyInterval, TimeSpan RetryAfterFailure)
{
    public static readonly KeyRefreshPolicy Default = new(TimeSpan.FromHours(24), TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(30));
}
