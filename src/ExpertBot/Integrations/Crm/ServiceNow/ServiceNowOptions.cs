using System.ComponentModel.DataAnnotations;

namespace ExpertBot.Integrations.Crm.ServiceNow;

internal enum ServiceNowAuth
{
    /// <summary>A ServiceNow user's name and password (an integration user with web-service access only).</summary>
    Basic,

    /// <summary>An OAuth application registry entry: client-credentials token from {instance}/oauth_token.do.</summary>
    OAuth,
}

/// <summary>Section "Crm:ServiceNow": ServiceNow Customer Service Management (or ITSM incidents) through the Table API.</summary>
internal sealed class ServiceNowOptions : CrmConnectionOptions
{
    public const string Section = "Crm:ServiceNow";

    /// <summary>The instance, e.g. https://contoso.service-now.com.</summary>
    [Required]
    public Uri? InstanceUrl { get; set; }

    /// <summary>The case table: sn_customerservice_case (CSM) or incident (ITSM), or any task table with work_notes.</summary>
    [Required, RegularExpression("^[a-z0-9_]+$")]
    public string Table { get; set; } = "sn_customerservice_case";

    public ServiceNowAuth Auth { get; set; } = ServiceNowAuth.Basic;

    public string Username { get; set; } = "";

    public string Password { get; set; } = "";

    public string ClientId { get; set; } = "";

    public string ClientSecret { get; set; } = "";

    /// <summary>Column of the customer account; empty = account (CSM) or company (incident).</summary>
    [RegularExpression("^[a-z0-9_.]*$")]
    public string AccountField { get; set; } = "";

    /// <summary>Column of the customer contact; empty = contact (CSM) or caller_id (incident).</summary>
    [RegularExpression("^[a-z0-9_.]*$")]
    public string ContactField { get; set; } = "";

    /// <summary>Column of the product; empty = product (CSM) or cmdb_ci (incident).</summary>
    [RegularExpression("^[a-z0-9_.]*$")]
    public string ProductField { get; set; } = "";

    /// <summary>sys_id of the knowledge base drafts go to (kb_knowledge_base); empty = no article drafts.</summary>
    [RegularExpression("^[0-9a-f]{32}$|^$")]
    public string KnowledgeBaseSysId { get; set; } = "";

    /// <summary>sys_id of an agents-only knowledge base for internal drafts; empty = <see cref="KnowledgeBaseSysId"/>.</summary>
    [RegularExpression("^[0-9a-f]{32}$|^$")]
    public string InternalKnowledgeBaseSysId { get; set; } = "";

    public bool IsIncidentTable => Table == "incident";

    public string Account => AccountField is { Length: > 0 } f ? f : IsIncidentTable ? "company" : "account";

    public string Contact => ContactField is { Length: > 0 } f ? f : IsIncidentTable ? "caller_id" : "contact";

    public string Product => ProductField is { Length: > 0 } f ? f : IsIncidentTable ? "cmdb_ci" : "product";
}
