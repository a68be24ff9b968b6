using ExpertBot.Storage;
using Microsoft.EntityFrameworkCore;

namespace ExpertBot.Features.Knowledge.Articles;

/// <summary>
/// What a person's knowledge work came to: articles they wrote that reached the knowledge base, articles of others they
/// fixed, how often their articles answered a later question or case, and how readers rated those articles.
/// </summary>
internal sealed record ArticleCredit(int Authored, int Fixed, int Reused, double? AverageRating, int Ratings)
{
    public static ArticleCredit None { get; } = new(0, 0, 0, null, 0);
}

/// <summary>
/// The knowledge base's part of "my contributions" (Resolutions' credits call it: Knowledge must not read Resolutions).
/// Credit is on outcomes: a draft that was discarded is no article, so "authored" counts only articles that were validated
/// (even if archived since: the work was used), by their owner or by whoever drafted them when ownership moved on.
/// </summary>
internal static class ArticleCredits
{
    /// <summary>The revisions that changed an article's text, as <see cref="KnowledgeBase"/> names them: a fix when made on someone else's article.</summary>
    public static readonly IReadOnlyList<string> TextChanges = [ArticleChanges.Fixed, ArticleChanges.EditedAndValidated, ArticleChanges.EditedAndConfirmed];

    public static async Task<ArticleCredit> ForAsync(ExpertBotDb db, string personId, CancellationToken ct)
    {
        var articles = db.Set<Article>().AsNoTracking();
        var revisions = db.Set<ArticleRevision>().AsNoTracking();
        var drafted = revisions.Where(r => r.Version == 1 && r.EditorId == personId).Select(r => r.ArticleId);
        var authored = articles.Where(a => a.ValidatedAt != null && (a.OwnerId == personId || drafted.Contains(a.Id))).Select(a => a.Id);
        var authoredCount = await authored.CountAsync(ct);

        var changes = TextChanges.ToList();
        var mine = articles.Where(a => a.OwnerId == personId || drafted.Contains(a.Id)).Select(a => a.Id);
        var fixedCount = await revisions
            .Where(r => r.EditorId == personId && changes.Contains(r.Change) && !mine.Contains(r.ArticleId))
            .Select(r => r.ArticleId).Distinct().CountAsync(ct);

        var reused = await db.Set<ArticleLinkRow>().AsNoTracking().CountAsync(l => l.Kind == LinkKind.Known && authored.Contains(l.ArticleId), ct);
        var stars = await db.Set<ArticleRating>().AsNoTracking().Where(r => authored.Contains(r.ArticleId)).Select(r => r.Stars).ToListAsync(ct);
        return new ArticleCredit(authoredCount, fixedCount, reused, stars.Count == 0 ? null : stars.Average(), stars.Count);
    }
}

/// <summary>The names of the revisions that change an article's text (what its history shows, and what credit counts).</summary>
internal static class ArticleChanges
{
    public const string Fixed = "fixed";
    public const string EditedAndValidated = "edited and validated";
    public const string EditedAndConfirmed = "edited and confirmed";
}
