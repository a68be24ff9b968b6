using ExpertBot.Storage;
using Microsoft.EntityFrameworkCore;

namespace ExpertBot.Features.Knowledge.Articles;

/// <summary>
/// KCS figures over a period: the link rate (closed questions with an article linked / all closed questions) and reuse
/// (known links / all links), with the state of the base. Null rates when there is nothing to divide by.
/// </summary>
internal sealed record KnowledgeReport(
    int ClosedQuestions, int LinkedQuestions, int Links, int KnownLinks, double? LinkRate, double? Reuse,
    int Validated, int Drafts, int OpenFlags, int DueForVerification);

/// <summary>One query class for the figures (the insights tab, a report command): they count what the tables hold.</summary>
internal sealed class KnowledgeFigures(ExpertBotDatabase database, TimeProvider time)
{
    public async Task<KnowledgeReport> ReportAsync(DateTimeOffset? since, CancellationToken ct)
    {
        await using var db = database.CreateContext();
        var closed = db.Set<QuestionKnowledge>().AsNoTracking().Where(q => since == null || q.ClosedAt >= since);
        var links = db.Set<ArticleLinkRow>().AsNoTracking().Where(l => since == null || l.At >= since);
        var closedCount = await closed.CountAsync(ct);
        var linked = await closed.CountAsync(q => q.ArticleId != null, ct);
        var linkCount = await links.CountAsync(ct);
        var known = await links.CountAsync(l => l.Kind == LinkKind.Known, ct);
        var articles = db.Set<Article>().AsNoTracking();
        var now = time.GetUtcNow();
        return new KnowledgeReport(
            closedCount, linked, linkCount, known,
            closedCount == 0 ? null : (double)linked / closedCount,
            linkCount == 0 ? null : (double)known / linkCount,
            await articles.CountAsync(a => a.State == ArticleState.Validated, ct),
            await articles.CountAsync(a => a.State == ArticleState.WorkInProgress || a.State == ArticleState.NotValidated, ct),
            await db.Set<ArticleFlag>().AsNoTracking().CountAsync(f => f.ResolvedAt == null, ct),
            await articles.CountAsync(a => a.State == ArticleState.Validated && a.VerifyDueAt != null && a.VerifyDueAt <= now, ct));
    }
}
