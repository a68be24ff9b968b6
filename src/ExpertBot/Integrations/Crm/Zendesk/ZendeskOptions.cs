using System.ComponentModel.DataAnnotations;

namespace ExpertBot.Integrations.Crm.Zendesk;

/// <summary>Section "Crm:Zendesk": Zendesk Support (tickets) and Help Center (article drafts), with an API token.</summary>
internal sealed class ZendeskOptions : CrmConnectionOptions
{
    public const string Section = "Crm:Zendesk";

    /// <summary>The account, e.g. https://contoso.zendesk.com.</summary>
    [Required]
    public Uri? BaseUrl { get; set; }

    /// <summary>The agent the API token acts as (sent as <c>{Email}/token</c>).</summary>
    [Required, EmailAddress]
    public string Email { get; set; } = "";

    [Required]
    public string ApiToken { get; set; } = "";

    /// <summary>Id of the ticket custom field holding the product; empty = not read.</summary>
    public long? ProductFieldId { get; set; }

    /// <summary>Key of the organization field holding the account's value (organization_fields); empty = not read.</summary>
    public string AccountValueField { get; set; } = "";

    /// <summary>How many pages of 100 comments (newest first) are searched for an earlier attempt's marker.</summary>
    [Range(1, 50)]
    public int MarkerSearchPages { get; set; } = 5;

    /// <summary>Help Center section drafts go to; empty = no article drafts.</summary>
    public long? ArticleSectionId { get; set; }

    [RegularExpression("^[a-z]{2}(-[a-z0-9]{2,4})?$")]
    public string ArticleLocale { get; set; } = "en-us";

    /// <summary>Permission group of the drafts (who may edit and publish them); required with a section.</summary>
    public long? PermissionGroupId { get; set; }

    /// <summary>User segment of internal articles (e.g. "Agents and admins"); required for internal drafts.</summary>
    public long? InternalUserSegmentId { get; set; }

    /// <summary>User segment of external articles; empty = everyone (once published).</summary>
    public long? ExternalUserSegmentId { get; set; }
}
