using System.Globalization;
using ExpertBot.CardActions;

namespace ExpertBot.Features.Knowledge.Articles.Actions;

/// <summary>"Flag it": anyone who used the article says it is wrong, outdated or unclear, with a comment for the owner.</summary>
internal sealed record FlagArticle(long ArticleId, FlagReason Reason, string? Comment) : ICardVerb<FlagArticle>, IAboutSubject
{
    public static string Verb => "flagArticle";

    public static Who Who => Who.AnyoneInTenant;

    public SubjectRef Subject => ArticleSubject.Of(ArticleId);

    private static readonly Dictionary<string, FlagReason> Reasons = new(StringComparer.Ordinal)
    {
        ["wrong"] = FlagReason.Wrong,
        ["outdated"] = FlagReason.Outdated,
        ["unclear"] = FlagReason.Unclear,
    };

    public static FlagArticle Bind(CardData data) =>
        new(data.SignedId("articleId"), data.Choice("reason", Reasons, FlagReason.Wrong), data.Text("comment", ArticleLimits.Comment));
}

internal sealed class FlagArticleHandler(KnowledgeBase articles, ArticleCards cards) : ICardActionHandler<FlagArticle>
{
    public async Task<CardReply> HandleAsync(CardAction<FlagArticle> action, CancellationToken ct)
    {
        if (await ArticleReplies.VisibleAsync(articles, action.Data.ArticleId, action.Activity.TenantId, ct) is { } hidden)
        {
            return cards.Refused(hidden);
        }
        return await ArticleReplies.AfterAsync(articles, cards, await articles.FlagAsync(action.Data.ArticleId, action.Actor, action.Data.Reason, action.Data.Comment, ct),
            a => $"Thanks, {action.Actor.Name}: {a.OwnerName} (its owner) has your flag.", ct);
    }
}

/// <summary>Stars for an article, from anyone who read it.</summary>
internal sealed record RateArticle(long ArticleId, int Stars) : ICardVerb<RateArticle>, IAboutSubject
{
    public static string Verb => "rateArticle";

    public static Who Who => Who.AnyoneInTenant;

    public SubjectRef Subject => ArticleSubject.Of(ArticleId);

    public static RateArticle Bind(CardData data) =>
        int.TryParse(data.Text("stars", 1), NumberStyles.None, CultureInfo.InvariantCulture, out var stars) && stars is >= 1 and <= 5
            ? new RateArticle(data.SignedId("articleId"), stars)
            : throw new CardDataException(new Refusal("Can't rate that", "Pick 1 to 5 stars; nothing changed."));
}

internal sealed class RateArticleHandler(KnowledgeBase articles, ArticleCards cards) : ICardActionHandler<RateArticle>
{
    public async Task<CardReply> HandleAsync(CardAction<RateArticle> action, CancellationToken ct)
    {
        if (await ArticleReplies.VisibleAsync(articles, action.Data.ArticleId, action.Activity.TenantId, ct) is { } hidden)
        {
            return cards.Refused(hidden);
        }
        return await ArticleReplies.AfterAsync(articles, cards, await articles.RateAsync(action.Data.ArticleId, action.Actor, action.Data.Stars, ct),
            _ => $"Thanks, {action.Actor.Name}: you rated it {action.Data.Stars} of 5.", ct);
    }
}

/// <summary>"Open" on a search result: the article's card.</summary>
internal sealed record ShowArticle(long ArticleId) : ICardVerb<ShowArticle>, IAboutSubject
{
    public static string Verb => "showArticle";

    public static Who Who => Who.AnyoneInTenant;

    public SubjectRef Subject => ArticleSubject.Of(ArticleId);

    public static ShowArticle Bind(CardData data) => new(data.SignedId("articleId"));
}

internal sealed class ShowArticleHandler(KnowledgeBase articles, ArticleCards cards) : ICardActionHandler<ShowArticle>
{
    public async Task<CardReply> HandleAsync(CardAction<ShowArticle> action, CancellationToken ct)
    {
        if (await ArticleReplies.VisibleAsync(articles, action.Data.ArticleId, action.Activity.TenantId, ct) is { } hidden)
        {
            return cards.Refused(hidden);
        }
        // Shown as a new message: the search results stay where they were.
        return new CardReply(cards.Article((await articles.DetailsAsync(action.Data.ArticleId, ct))!));
    }
}
