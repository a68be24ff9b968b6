using System.ComponentModel.DataAnnotations;

namespace ExpertBot.Integrations.Crm.Dynamics;

/// <summary>Section "Crm:Dynamics": Dynamics 365 Customer Service through the Dataverse Web API, as an application user.</summary>
internal sealed class DynamicsOptions : CrmConnectionOptions
{
    public const string Section = "Crm:Dynamics";

    /// <summary>The environment, e.g. https://contoso.crm.dynamics.com; also the token's resource (scope {url}/.default).</summary>
    [Required]
    public Uri? EnvironmentUrl { get; set; }

    [Required]
    public string TenantId { get; set; } = "";

    /// <summary>The app registration of the Dataverse application user.</summary>
    [Required]
    public string ClientId { get; set; } = "";

    [Required]
    public string ClientSecret { get; set; } = "";

    /// <summary>Entra login host; national clouds have their own (login.microsoftonline.us, login.partner.microsoftonline.cn).</summary>
    [Required]
    public Uri AuthorityHost { get; set; } = new("https://login.microsoftonline.com");

    [RegularExpression(@"^v\d+\.\d+$")]
    public string ApiVersion { get; set; } = "v9.2";
}
