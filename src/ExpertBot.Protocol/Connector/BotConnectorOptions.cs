using System.ComponentModel.DataAnnotations;

namespace ExpertBot.Protocol.Connector;

/// <summary>Outbound Bot Connector settings (configuration section "BotFramework").</summary>
public sealed class BotConnectorOptions
{
    public const string Section = "BotFramework";

    /// <summary>
    /// Hosts a bot token may be sent to: the public Teams connector, the Bot Framework channels and
    /// the US government Teams connectors (GCC, GCC High, DoD).
    /// </summary>
    public static IReadOnlyList<string> DefaultTrustedHosts { get; } =
    [
        "smba.trafficmanager.net",
        "*.botframework.com",
        "smba.infra.gcc.teams.microsoft.com",
        "smba.infra.gov.teams.microsoft.us",
        "smba.infra.dod.teams.microsoft.us",
    ];

    /// <summary>
    /// Exact host names, or "*.domain" for any subdomain. Empty means <see cref="DefaultTrustedHosts"/>:
    /// the configuration binder appends to a pre-filled list instead of replacing it, so defaults are
    /// applied after binding rather than as an initial value.
    /// </summary>
    public List<string> TrustedServiceUrlHosts { get; set; } = [];

    /// <summary>Attempts per request, the first one included.</summary>
    [Range(1, 10)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>First backoff delay; doubled at every further attempt, with jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan BaseRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Longest wait before a retry. A Retry-After beyond it gives up at once: holding a send for
    /// minutes is the durable work queue's job, not a request's.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Teams allows about 7 sends per second per conversation.</summary>
    [Range(1, 100)]
    public int SendsPerSecondPerConversation { get; set; } = 7;

    public IReadOnlyList<string> EffectiveTrustedHosts => TrustedServiceUrlHosts.Count > 0 ? TrustedServiceUrlHosts : DefaultTrustedHosts;

    /// <summary>Why a configured host entry is unusable, or null when all are fine.</summary>
    public string? Problem()
    {
        foreach (var entry in TrustedServiceUrlHosts)
        {
            if (!ServiceUrlGuard.IsValidHostPattern(entry))
            {
                return $"BotFramework:TrustedServiceUrlHosts entry '{entry}' is not a host name or '*.domain' pattern (no scheme, port, path or bare '*').";
            }
        }
        return null;
    }
}
