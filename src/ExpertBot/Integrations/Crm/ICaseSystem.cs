namespace ExpertBot.Integrations.Crm;

/// <summary>
/// The customer-case system (CRM) a resolution is written back to. One implementation per product, chosen by
/// <c>Crm:Provider</c>. Every write takes an idempotency key the caller derives from the resolution: calling again
/// with the same key, after any failure, never writes a second time. Failures throw <see cref="CrmException"/>,
/// which says whether trying again later can help (<see cref="CrmException.IsRetriable"/>).
/// </summary>
internal interface ICaseSystem
{
    /// <summary>The product's name as agents know it, for cards: "Internal note added to CAS-10421 in Dynamics 365".</summary>
    string DisplayName { get; }

    /// <summary>What this system can do; the other methods throw a permanent <see cref="CrmException"/>.</summary>
    CaseSystemFeatures Features { get; }

    /// <summary>The case by its number as agents type it (or the system's own id); null when there is no such case.</summary>
    Task<CrmCase?> FindCaseAsync(string caseReference, CancellationToken ct);

    /// <summary>Adds an internal (not customer-visible) note to the case, at most once per <see cref="InternalNote.IdempotencyKey"/>.</summary>
    Task<WrittenNote> AddInternalNoteAsync(InternalNote note, CancellationToken ct);

    /// <summary>Creates a knowledge-article draft, at most once per <see cref="ArticleDraft.IdempotencyKey"/>.</summary>
    Task<WrittenArticle> CreateArticleDraftAsync(ArticleDraft draft, CancellationToken ct);

    /// <summary>Links an article (<see cref="WrittenArticle.ArticleId"/>) to a case; linking twice keeps one link.</summary>
    Task<ArticleLink> LinkArticleAsync(string caseReference, string articleId, CancellationToken ct);
}

[Flags]
internal enum CaseSystemFeatures
{
    None = 0,
    ReadCases = 1,
    InternalNotes = 2,
    ArticleDrafts = 4,
    ArticleLinks = 8,
}
