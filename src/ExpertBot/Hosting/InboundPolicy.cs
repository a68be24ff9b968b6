using Microsoft.Extensions.Options;

namespace ExpertBot.Hosting;

/// <summary>Which channels and tenants the bot takes activities from (section Inbound).</summary>
internal sealed class InboundOptions
{
    public const string Section = "Inbound";

    /// <summary>
    /// Channels whose activities are accepted. Default msteams only: a Teams activity's sender is vouched for by the
    /// token, while other channels' user ids are whatever their client says. With auth off (loopback, no app id) the
    /// local clients' channels (emulator, webchat, directline) are accepted too.
    /// </summary>
    public List<string> Channels { get; set; } = ["msteams"];

    /// <summary>Entra tenant ids whose activities are accepted when auth is on, besides MicrosoftAppTenantId.</summary>
    public List<string> Tenants { get; set; } = [];
}

/// <summary>
/// Refuses activities from channels and tenants the bot does not serve, after authentication and before anything is
/// stored: an activity from another tenant (the bot's app can be installed elsewhere) or from a channel whose user ids
/// anyone can choose must never act as one of the company's Teams users.
/// </summary>
internal sealed class InboundPolicy
{
    private static readonly string[] LocalChannels = ["emulator", "webchat", "directline"];

    private readonly HashSet<string> _channels;
    private readonly HashSet<string>? _tenants;

    public InboundPolicy(IOptions<InboundOptions> inbound, IOptions<BotOptions> bot)
    {
        var authOn = bot.Value.AuthEnabled;
        _channels = new HashSet<string>(inbound.Value.Channels.Select(c => c.Trim()), StringComparer.OrdinalIgnoreCase);
        if (!authOn)
        {
            _channels.UnionWith(LocalChannels);
        }
        var tenants = inbound.Value.Tenants.Append(bot.Value.MicrosoftAppTenantId).Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t!.Trim());
        _tenants = authOn ? new HashSet<string>(tenants, StringComparer.OrdinalIgnoreCase) : null;
    }

    /// <summary>Null when accepted; otherwise the reason (the activity is answered 403 and nothing is done).</summary>
    public string? Refuse(string? channelId, string? tenantId)
    {
        if (channelId is null || !_channels.Contains(channelId))
        {
            return $"This bot does not take activities from the channel '{channelId}'.";
        }
        if (_tenants is not null && (tenantId is null || !_tenants.Contains(tenantId)))
        {
            return "This bot does not serve this tenant.";
        }
        return null;
    }

    /// <summary>Start-up check: auth on needs at least one tenant; the channels must be ones that can be authenticated.</summary>
    public static string? Problem(InboundOptions inbound, BotOptions bot)
    {
        if (inbound.Channels.Count == 0 || inbound.Channels.Any(string.IsNullOrWhiteSpace))
        {
            return "Inbound:Channels must name at least one channel (msteams).";
        }
        if (!bot.AuthEnabled)
        {
            return null;
        }
        if (inbound.Channels.Any(c => LocalChannels.Contains(c.Trim(), StringComparer.OrdinalIgnoreCase)))
        {
            return "Inbound:Channels may name emulator, webchat or directline only with auth off: their user ids are not vouched for by Teams.";
        }
        return string.IsNullOrWhiteSpace(bot.MicrosoftAppTenantId) && inbound.Tenants.All(string.IsNullOrWhiteSpace)
            ? "With auth on (MicrosoftAppId set) the bot serves only configured tenants: set MicrosoftAppTenantId or Inbound:Tenants."
            : null;
    }
}
