namespace ExpertBot.Integrations.Crm;

/// <summary>A customer case as the CRM has it; fields the CRM does not give are null.</summary>
/// <param name="Id">The system's own id (Dataverse incidentid, ServiceNow sys_id, Zendesk ticket id, Salesforce Case Id).</param>
/// <param name="Number">The number agents know the case by (CAS-10421-..., CS0001234, 4521, 00001026).</param>
/// <param name="AccountValue">The customer account's value (annual revenue or the like) when the CRM gives one.</param>
internal sealed record CrmCase(
    string Id,
    string Number,
    string Title,
    string? Status,
    string? Customer,
    string? Contact,
    string? Product,
    string? Priority,
    decimal? AccountValue,
    Uri? Url);

/// <summary>An internal note to write on a case.</summary>
/// <param name="CaseReference">Case number or the system's id, as <see cref="ICaseSystem.FindCaseAsync"/> takes it.</param>
/// <param name="IdempotencyKey">Stable per resolution (a GUID is best); the same key never writes a second note.</param>
internal sealed record InternalNote(string CaseReference, string IdempotencyKey, string Subject, string Text);

/// <summary>Where a note was written, for the card and the audit trail.</summary>
/// <param name="NoteId">The note's id in the CRM (the first one when it was written in parts).</param>
/// <param name="Parts">How many notes the text took (Salesforce case comments hold 4,000 bytes each).</param>
/// <param name="AlreadyWritten">True when an earlier attempt with the same key had already written it.</param>
internal sealed record WrittenNote(string System, string CaseNumber, string NoteId, Uri? Url, int Parts, bool AlreadyWritten);

internal enum ArticleAudience
{
    /// <summary>Agents only.</summary>
    Internal,

    /// <summary>Customers too (once published: drafts are never visible to customers).</summary>
    External,
}

/// <summary>A knowledge article in KCS structure, drafted from a resolution.</summary>
internal sealed record ArticleDraft(
    string IdempotencyKey,
    string Title,
    string Issue,
    string Environment,
    string Cause,
    string Resolution,
    ArticleAudience Audience,
    IReadOnlyList<string> Contributors);

/// <summary>A drafted article: <see cref="ArticleId"/> is what <see cref="ICaseSystem.LinkArticleAsync"/> takes.</summary>
internal sealed record WrittenArticle(string System, string ArticleId, string? Number, Uri? Url, bool AlreadyWritten);

internal sealed record ArticleLink(string System, string CaseNumber, string ArticleId, string LinkId, bool AlreadyLinked);
