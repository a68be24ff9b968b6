using System.ComponentModel.DataAnnotations;

namespace ExpertBot.Integrations.Crm.Salesforce;

/// <summary>Section "Crm:Salesforce": Service Cloud cases and Lightning Knowledge through the REST API.</summary>
internal sealed class SalesforceOptions : CrmConnectionOptions
{
    public const string Section = "Crm:Salesforce";

    /// <summary>The org's My Domain, e.g. https://contoso.my.salesforce.com.</summary>
    [Required]
    public Uri? InstanceUrl { get; set; }

    [Required, RegularExpression(@"^v\d+\.\d$")]
    public string ApiVersion { get; set; } = "v60.0";

    /// <summary>Consumer key of the connected app with the client-credentials flow enabled (and a run-as user).</summary>
    [Required]
    public string ClientId { get; set; } = "";

    [Required]
    public string ClientSecret { get; set; } = "";

    /// <summary>Token endpoint; empty = {InstanceUrl}/services/oauth2/token.</summary>
    public Uri? TokenUrl { get; set; }

    /// <summary>Case field holding the product (e.g. Product__c); empty = not read.</summary>
    [RegularExpression(@"^[A-Za-z0-9_.]*$")]
    public string ProductField { get; set; } = "";

    /// <summary>Field (path from Case) holding the account's value; empty = not read.</summary>
    [RegularExpression(@"^[A-Za-z0-9_.]*$")]
    public string AccountValueField { get; set; } = "Account.AnnualRevenue";

    /// <summary>Case comments hold 4,000 bytes; a longer note is split into at most this many comments, the rest cut.</summary>
    [Range(1, 20)]
    public int MaxCommentParts { get; set; } = 5;

    /// <summary>The knowledge article version object: Knowledge__kav (Lightning Knowledge) or a classic article type's.</summary>
    [Required, RegularExpression(@"^[A-Za-z0-9_]+__kav$")]
    public string ArticleObject { get; set; } = "Knowledge__kav";

    /// <summary>Rich-text field of the article body (e.g. Answer__c); empty = the text goes to Summary, cut at 1,000 characters.</summary>
    [RegularExpression(@"^[A-Za-z0-9_]*$")]
    public string ArticleBodyField { get; set; } = "";

    /// <summary>Record type of the drafts (Lightning Knowledge); empty = the default.</summary>
    [RegularExpression(@"^[A-Za-z0-9]{15}([A-Za-z0-9]{3})?$|^$")]
    public string ArticleRecordTypeId { get; set; } = "";

    [Required]
    public string ArticleLanguage { get; set; } = "en_US";
}
