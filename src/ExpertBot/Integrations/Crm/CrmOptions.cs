namespace ExpertBot.Integrations.Crm;

internal enum CrmProvider
{
    /// <summary>ExpertBot's own case log and knowledge base; no external system.</summary>
    BuiltIn,
    Dynamics,
    ServiceNow,
    Zendesk,
    Salesforce,
    Webhook,
}

/// <summary>Section "Crm": which case system resolutions are written back to; each connector has its own subsection.</summary>
internal sealed class CrmOptions
{
    public const string Section = "Crm";

    public CrmProvider Provider { get; set; } = CrmProvider.BuiltIn;
}
