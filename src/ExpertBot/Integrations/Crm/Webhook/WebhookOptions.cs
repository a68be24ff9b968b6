using System.ComponentModel.DataAnnotations;

namespace ExpertBot.Integrations.Crm.Webhook;

/// <summary>Section "Crm:Webhook": resolutions POSTed as signed JSON to a receiver of your own (any other case system).</summary>
internal sealed class WebhookOptions : CrmConnectionOptions
{
    public const string Section = "Crm:Webhook";

    [Required]
    public Uri? Url { get; set; }

    /// <summary>The HMAC-SHA256 key shared with the receiver; at least 32 characters.</summary>
    [Required, MinLength(32)]
    public string Secret { get; set; } = "";

    /// <summary>What cards call the receiving system: "Internal note added to 4521 in {DisplayName}".</summary>
    [Required]
    public string DisplayName { get; set; } = "Webhook";
}
