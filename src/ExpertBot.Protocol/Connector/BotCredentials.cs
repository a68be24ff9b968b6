namespace ExpertBot.Protocol.Connector;

/// <summary>
/// The Bot Framework keys every bot has (configuration root: MicrosoftAppType, MicrosoftAppId,
/// MicrosoftAppPassword, MicrosoftAppTenantId). No app id means auth is off (loopback development).
/// </summary>
public sealed class BotCredentials
{
    public const string SingleTenant = "SingleTenant";
    public const string MultiTenant = "MultiTenant";
    public const string UserAssignedMsi = "UserAssignedMSI";

    public string? MicrosoftAppType { get; set; }
    public string? MicrosoftAppId { get; set; }
    public string? MicrosoftAppPassword { get; set; }
    public string? MicrosoftAppTenantId { get; set; }

    public bool AuthEnabled => !string.IsNullOrWhiteSpace(MicrosoftAppId);

    /// <summary>The app type in force: Bot Framework treats an unset type as MultiTenant.</summary>
    public string EffectiveAppType => string.IsNullOrWhiteSpace(MicrosoftAppType) ? MultiTenant : MicrosoftAppType.Trim();

    /// <summary>Why these credentials cannot get a token, or null when they can (or auth is off).</summary>
    public string? Problem()
    {
        if (!AuthEnabled)
        {
            return null;
        }
        var type = EffectiveAppType;
        if (string.Equals(type, SingleTenant, StringComparison.OrdinalIgnoreCase))
        {
            if (string.IsNullOrWhiteSpace(MicrosoftAppTenantId))
            {
                return "MicrosoftAppType is SingleTenant but MicrosoftAppTenantId is empty.";
            }
            return string.IsNullOrWhiteSpace(MicrosoftAppPassword) ? "MicrosoftAppType is SingleTenant but MicrosoftAppPassword is empty." : null;
        }
        if (string.Equals(type, MultiTenant, StringComparison.OrdinalIgnoreCase))
        {
            return string.IsNullOrWhiteSpace(MicrosoftAppPassword) ? "MicrosoftAppType is MultiTenant but MicrosoftAppPassword is empty." : null;
        }
        if (string.Equals(type, UserAssignedMsi, StringComparison.OrdinalIgnoreCase))
        {
            // A managed identity has no secret; a configured one would be a leftover that is silently ignored.
            return string.IsNullOrWhiteSpace(MicrosoftAppPassword) ? null : "MicrosoftAppType is UserAssignedMSI, which uses no MicrosoftAppPassword: remove it.";
        }
        return $"MicrosoftAppType '{type}' is not one of {SingleTenant}, {MultiTenant}, {UserAssignedMsi}.";
    }
}
