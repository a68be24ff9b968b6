using System.ComponentModel.DataAnnotations;

namespace ExpertBot.Hosting;

/// <summary>The Bot Framework configuration keys every bot has, read from the configuration root.</summary>
internal sealed class BotOptions
{
    public string? MicrosoftAppType { get; set; }
    public string? MicrosoftAppId { get; set; }
    public string? MicrosoftAppPassword { get; set; }
    public string? MicrosoftAppTenantId { get; set; }

    /// <summary>Largest accepted activity body; Teams activities are far smaller.</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxActivityBytes { get; set; } = 256 * 1024;

    public bool AuthEnabled => !string.IsNullOrWhiteSpace(MicrosoftAppId);
}
