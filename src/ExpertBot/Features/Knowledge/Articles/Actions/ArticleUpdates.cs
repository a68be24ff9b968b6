using ExpertBot.CardActions;

namespace ExpertBot.Features.Knowledge.Articles.Actions;

/// <summary>"Add it to the article": a later answer's new part becomes part of the article (instead of a duplicate article).</summary>
internal sealed record ApplyArticleUpdate(long ArticleId, int Version, long UpdateId) : ICardVerb<ApplyArticleUpdate>, IAboutSubject
{
    public static string Verb => "applyArticleUpdate";

    public static Who Who => ArticleSubject.Deciders;

    public SubjectRef Subject => ArticleSubject.Of(ArticleId);

    public static ApplyArticleUpdate Bind(CardData data) => new(data.SignedId("articleId"), ArticleSubject.Version(data), data.SignedId("updateId"));
}

internal sealed class ApplyArticleUpdateHandler(KnowledgeBase articles, ArticleCards cards) : ICardActionHandler<ApplyArticleUpdate>
{
    public async Task<CardReply> HandleAsync(CardAction<ApplyArticleUpdate> action, CancellationToken ct) =>
        await ArticleReplies.AfterAsync(articles, cards,
            await articles.ApplyUpdateAsync(action.Data.ArticleId, action.Data.Version, action.Data.UpdateId, action.Actor, ct),
            a => $"Added to {a.Number} by {action.Actor.Name} (version {a.Version}).", ct);
}

/// <summary>"Not needed": the proposed update is set aside; the article stays as it is.</summary>
internal sealed record DiscardArticleUpdate(long ArticleId, int Version, long UpdateId) : ICardVerb<DiscardArticleUpdate>, IAboutSubject
{
    public static string Verb => "discardArticleUpdate";

    public static Who Who => ArticleSubject.Deciders;

    public SubjectRef Subject => ArticleSubject.Of(ArticleId);

    public static DiscardArticleUpdate Bind(CardData data) => new(data.SignedId("articleId"), ArticleSubject.Version(data), data.SignedId("updateId"));
}

internal sealed class DiscardArticleUpdateHandler(KnowledgeBase articles, ArticleCards cards) : ICardActionHandler<DiscardArticleUpdate>
{
    public async Task<CardReply> HandleAsync(CardAction<DiscardArticleUpdate> action, CancellationToken ct) =>
        await ArticleReplies.AfterAsync(articles, cards,
            await articles.DiscardUpdateAsync(action.Data.ArticleId, action.Data.Version, action.Data.UpdateId, ct),
            a => $"The proposed update was set aside by {action.Actor.Name}; {a.Number} stays as it is.", ct);
}
