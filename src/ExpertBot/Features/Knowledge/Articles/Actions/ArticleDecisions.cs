using ExpertBot.CardActions;

namespace ExpertBot.Features.Knowledge.Articles.Actions;

/// <summary>"Validate" on a draft (with the edits made on the card): validated, or confirmed when the owner is not licensed.</summary>
internal sealed record ValidateArticle(long ArticleId, int Version, ArticleEdit Edit) : ICardVerb<ValidateArticle>, IAboutSubject
{
    public static string Verb => "validateArticle";

    public static Who Who => ArticleSubject.Deciders;

    public SubjectRef Subject => ArticleSubject.Of(ArticleId);

    public static ValidateArticle Bind(CardData data) => new(data.SignedId("articleId"), ArticleSubject.Version(data), ArticleSubject.Edit(data));
}

internal sealed class ValidateArticleHandler(KnowledgeBase articles, ArticleCards cards) : ICardActionHandler<ValidateArticle>
{
    public async Task<CardReply> HandleAsync(CardAction<ValidateArticle> action, CancellationToken ct)
    {
        var outcome = await articles.ValidateAsync(action.Data.ArticleId, action.Data.Version, action.Actor, action.Data.Edit, ct);
        if (outcome.Refusal is { } refusal)
        {
            return cards.Refused(refusal);
        }
        var details = (await articles.DetailsAsync(action.Data.ArticleId, ct))!;
        return new CardReply(details.Article.State == ArticleState.Validated
            ? cards.Article(details, $"Validated by {action.Actor.Name}: the knowledge search offers it from now on.")
            : cards.Draft(details, $"Confirmed by {action.Actor.Name}. A licensed contributor validates it next; until then the search does not offer it."));
    }
}

/// <summary>"Discard" on a draft: it is archived, never searchable.</summary>
internal sealed record DiscardArticle(long ArticleId, int Version) : ICardVerb<DiscardArticle>, IAboutSubject
{
    public static string Verb => "discardArticle";

    public static Who Who => ArticleSubject.Deciders;

    public SubjectRef Subject => ArticleSubject.Of(ArticleId);

    public static DiscardArticle Bind(CardData data) => new(data.SignedId("articleId"), ArticleSubject.Version(data));
}

internal sealed class DiscardArticleHandler(KnowledgeBase articles, ArticleCards cards) : ICardActionHandler<DiscardArticle>
{
    public async Task<CardReply> HandleAsync(CardAction<DiscardArticle> action, CancellationToken ct) =>
        await ArticleReplies.AfterAsync(articles, cards, await articles.DiscardAsync(action.Data.ArticleId, action.Data.Version, action.Actor, ct),
            a => $"Discarded by {action.Actor.Name}: {a.Number} is archived and nobody is offered it.", ct);
}

/// <summary>"Archive" on a validated article: retired from the search, kept for the record.</summary>
internal sealed record ArchiveArticle(long ArticleId, int Version) : ICardVerb<ArchiveArticle>, IAboutSubject
{
    public static string Verb => "archiveArticle";

    public static Who Who => ArticleSubject.Deciders;

    public SubjectRef Subject => ArticleSubject.Of(ArticleId);

    public static ArchiveArticle Bind(CardData data) => new(data.SignedId("articleId"), ArticleSubject.Version(data));
}

internal sealed class ArchiveArticleHandler(KnowledgeBase articles, ArticleCards cards) : ICardActionHandler<ArchiveArticle>
{
    public async Task<CardReply> HandleAsync(CardAction<ArchiveArticle> action, CancellationToken ct) =>
        await ArticleReplies.AfterAsync(articles, cards, await articles.ArchiveAsync(action.Data.ArticleId, action.Data.Version, action.Actor, ct),
            a => $"Archived by {action.Actor.Name}: the search no longer offers {a.Number}.", ct);
}

/// <summary>"Fix it": new text, saved as a new version with the editor's name.</summary>
internal sealed record FixArticle(long ArticleId, int Version, ArticleEdit Edit) : ICardVerb<FixArticle>, IAboutSubject
{
    public static string Verb => "fixArticle";

    public static Who Who => ArticleSubject.Editors;

    public SubjectRef Subject => ArticleSubject.Of(ArticleId);

    public static FixArticle Bind(CardData data) => new(data.SignedId("articleId"), ArticleSubject.Version(data), ArticleSubject.Edit(data));
}

internal sealed class FixArticleHandler(KnowledgeBase articles, ArticleCards cards) : ICardActionHandler<FixArticle>
{
    public async Task<CardReply> HandleAsync(CardAction<FixArticle> action, CancellationToken ct) =>
        await ArticleReplies.AfterAsync(articles, cards, await articles.FixAsync(action.Data.ArticleId, action.Data.Version, action.Actor, action.Data.Edit, ct),
            a => $"Fixed by {action.Actor.Name} (version {a.Version}).", ct);
}

/// <summary>"Still correct": verified; the next reminder is a full interval away.</summary>
internal sealed record VerifyArticle(long ArticleId, int Version) : ICardVerb<VerifyArticle>, IAboutSubject
{
    public static string Verb => "verifyArticle";

    public static Who Who => ArticleSubject.Editors;

    public SubjectRef Subject => ArticleSubject.Of(ArticleId);

    public static VerifyArticle Bind(CardData data) => new(data.SignedId("articleId"), ArticleSubject.Version(data));
}

internal sealed class VerifyArticleHandler(KnowledgeBase articles, ArticleCards cards) : ICardActionHandler<VerifyArticle>
{
    public async Task<CardReply> HandleAsync(CardAction<VerifyArticle> action, CancellationToken ct) =>
        await ArticleReplies.AfterAsync(articles, cards, await articles.VerifyAsync(action.Data.ArticleId, action.Data.Version, action.Actor, ct),
            a => $"Verified by {action.Actor.Name}; the next check is due {a.VerifyDueAt:yyyy-MM-dd}.", ct);
}

internal static class ArticleReplies
{
    /// <summary>The article card as it now is, with a line saying what happened; or the refusal.</summary>
    public static async Task<CardReply> AfterAsync(KnowledgeBase articles, ArticleCards cards, ArticleOutcome outcome, Func<Article, string> note, CancellationToken ct)
    {
        if (outcome.Refusal is { } refusal)
        {
            return cards.Refused(refusal);
        }
        var details = (await articles.DetailsAsync(outcome.Article!.Id, ct))!;
        return new CardReply(cards.Article(details, note(details.Article)));
    }

    /// <summary>
    /// For verbs open to anyone in the tenant (no role check before the handler): the article must exist and be the
    /// tenant's, refused in the same words either way so an outsider learns nothing.
    /// </summary>
    public static async Task<Refusal?> VisibleAsync(KnowledgeBase articles, long id, string? tenantId, CancellationToken ct) =>
        await articles.FindAsync(id, ct) is { } article && ArticleAccess.SameTenant(article, tenantId) && article.State != ArticleState.WorkInProgress
            ? null
            : new Refusal("No such article", "That article is not in the knowledge base; nothing changed.");
}
