using System.Security.Claims;

namespace ExpertBot.Protocol.Auth;

public enum BotAuthOutcome
{
    Authenticated,

    /// <summary>The token is missing or fails a rule: the caller is not who it claims (HTTP 401).</summary>
    Refused,

    /// <summary>The signing keys could not be fetched: our problem, not the caller's (HTTP 503, retried).</summary>
    Unavailable,
}

/// <summary>
/// The outcome of validating one inbound request. <see cref="Reason"/> is for the log: it names the
/// failed rule and never contains the token.
/// </summary>
public sealed record BotAuthResult(
    BotAuthOutcome Outcome,
    string? Reason,
    TokenSource Source = TokenSource.Unknown,
    string? AppId = null,
    ClaimsIdentity? Identity = null)
{
    public bool IsAuthenticated => Outcome == BotAuthOutcome.Authenticated;

    public static BotAuthResult Refused(string reason) => new(BotAuthOutcome.Refused, reason);

    public static BotAuthResult Unavailable(string reason) => new(BotAuthOutcome.Unavailable, reason);
}
