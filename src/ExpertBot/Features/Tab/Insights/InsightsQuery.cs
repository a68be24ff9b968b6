using ExpertBot.Features.Ideas;
using ExpertBot.Features.Knowledge.Articles;
using ExpertBot.Features.Questions;
using ExpertBot.Storage;
using Microsoft.EntityFrameworkCore;

namespace ExpertBot.Features.Tab.Insights;

/// <summary>
/// The tab's insights: how the expert network and the knowledge base perform over the questions asked in a period (of a
/// pool or all). Each table is read once, lean (the columns the figures need, no text), and the figures are worked out
/// here, so the same definitions serve the page, the CSV and the benchmark:
/// <list type="bullet">
/// <item>First expert response: from asking to the first time an invited expert took the question or any expert replied in its discussion.</item>
/// <item>Resolution: from asking to resolved (by the knowledge base, an expert's answer or the asker's own).</item>
/// <item>Nobody joined: of the questions sent to experts whose search for experts is over (no longer open or looking), those no expert took or replied to.</item>
/// <item>Answered from knowledge: of all questions asked, those resolved by a knowledge article or past answer without experts.</item>
/// <item>Knowledge link rate and reuse: as <see cref="KnowledgeFigures"/> defines them, over the period's closed questions and links.</item>
/// <item>Load: open invitations per expert now (not of the period); of the pool's questions when a pool is chosen.</item>
/// <item>Idea funnel: the ideas raised in the period, by their status now (ideas belong to products, not pools).</item>
/// </list>
/// </summary>
internal sealed class InsightsQuery(ExpertBotDatabase database, QuestionPools pools, KnowledgeFigures knowledge, TimeProvider time)
{
    public const int ListSize = 10;

    /// <summary>Articles rated below this average (of at least <see cref="LowRatedMinRatings"/> ratings) are "low-rated".</summary>
    public const double LowRatedBelow = 3.0;

    public const int LowRatedMinRatings = 2;

    public async Task<InsightsReport> ReportAsync(InsightsFilter filter, CancellationToken ct)
    {
        var (from, to) = (filter.From, filter.To);
        var weeks = Durations.Weeks(from, to);
        // The reads are independent, each on its own connection: they run side by side (SQLite's readers do not wait
        // for each other in WAL mode), so the report takes about as long as its longest read, not their sum.
        // (SQLite's reads run synchronously: each is started on the thread pool.)
        var knowledgeRead = KnowledgeAsync(filter, ct);
        var loadRead = LoadAsync(filter.Pool, ct);
        var funnelRead = FunnelAsync(from, to, ct);
        // With a pool, the period's questions of that pool first (their pools are kept once worked out); both big reads keep those.
        var only = filter.Pool is null || !pools.Several
            ? null
            : await pools.InPoolAsync(await InsightsReads.QuestionIdsAsync(database, from, to, ct), filter.Pool, ct);
        var repliesRead = Task.Run(() => InsightsReads.RepliesAsync(database, from, to, only, ct), ct);
        var questions = await InsightsReads.QuestionsAsync(database, from, to, weeks, only, ct);
        return new InsightsReport(
            filter.Pool, DateOnly.FromDateTime(from.UtcDateTime), DateOnly.FromDateTime(to.UtcDateTime.AddDays(-1)), questions.Questions,
            questions.PerWeek, questions.FirstResponse.Figures(weeks), questions.Resolution.Figures(weeks),
            questions.SentToExperts, questions.NobodyJoined, questions.AnsweredFromKnowledge,
            await knowledgeRead,
            (await repliesRead).Top(ListSize),
            await loadRead,
            await funnelRead);
    }

    private async Task<KnowledgeInsights> KnowledgeAsync(InsightsFilter filter, CancellationToken ct)
    {
        await Task.Yield(); // the caller goes on to its own read
        await using var db = database.CreateContext();
        Share closedShare, linkShare;
        if (filter.Pool is not null && pools.Several)
        {
            // Closed in the period but perhaps asked before it: their pools are looked up on their own.
            var closed = await InsightsReads.ClosedAsync(database, filter.From, filter.To, ct);
            var links = await InsightsReads.LinksAsync(database, filter.From, filter.To, ct);
            var of = await pools.OfAsync([.. closed.Select(c => c.QuestionId).Concat(links.Select(l => l.QuestionId)).Distinct()], ct);
            bool Mine(long id) => of.TryGetValue(id, out var p) && string.Equals(p, filter.Pool, StringComparison.OrdinalIgnoreCase);
            closed = [.. closed.Where(c => Mine(c.QuestionId))];
            links = [.. links.Where(l => Mine(l.QuestionId))];
            (closedShare, linkShare) = (new Share(closed.Count(c => c.Linked), closed.Count), new Share(links.Count(l => l.Known), links.Count));
        }
        else
        {
            (closedShare, linkShare) = await InsightsReads.CountsAsync(database, filter.From, filter.To, ct);
        }
        var state = await knowledge.ReportAsync(null, ct);
        var now = time.GetUtcNow();
        var articles = db.Set<Article>().AsNoTracking();
        var due = await articles.Where(a => a.State == ArticleState.Validated && a.VerifyDueAt != null && a.VerifyDueAt <= now)
            .OrderBy(a => a.VerifyDueAt).Take(ListSize).Select(a => new { a.Id, a.Title, a.OwnerName, a.VerifyDueAt }).ToListAsync(ct);
        var ratings = await db.Set<ArticleRating>().AsNoTracking().GroupBy(r => r.ArticleId)
            .Select(g => new { ArticleId = g.Key, Count = g.Count(), Average = g.Average(r => (double)r.Stars) })
            .Where(g => g.Count >= LowRatedMinRatings && g.Average < LowRatedBelow).OrderBy(g => g.Average).ThenBy(g => g.ArticleId).Take(ListSize).ToListAsync(ct);
        var flags = await db.Set<ArticleFlag>().AsNoTracking().Where(f => f.ResolvedAt == null).GroupBy(f => f.ArticleId)
            .Select(g => new { ArticleId = g.Key, Count = g.Count() }).OrderByDescending(g => g.Count).ThenBy(g => g.ArticleId).Take(ListSize).ToListAsync(ct);
        var named = ratings.Select(r => r.ArticleId).Concat(flags.Select(f => f.ArticleId)).Distinct().ToList();
        var titles = await articles.Where(a => named.Contains(a.Id)).Select(a => new { a.Id, a.Title, a.OwnerName }).ToDictionaryAsync(a => a.Id, ct);
        ArticleItem Item(long id, string detail) => titles.TryGetValue(id, out var a)
            ? new ArticleItem(ArticleNumbers.Of(id), a.Title, a.OwnerName, detail)
            : new ArticleItem(ArticleNumbers.Of(id), "(deleted)", "", detail);
        return new KnowledgeInsights(
            closedShare, linkShare,
            state.Validated, state.Drafts, state.OpenFlags, state.DueForVerification,
            [.. due.Select(a => new ArticleItem(ArticleNumbers.Of(a.Id), a.Title, a.OwnerName, $"due {a.VerifyDueAt!.Value.UtcDateTime:yyyy-MM-dd}"))],
            [.. ratings.Select(r => Item(r.ArticleId, $"{r.Average:0.0} of 5 from {r.Count} ratings"))],
            [.. flags.Select(f => Item(f.ArticleId, f.Count == 1 ? "1 open flag" : $"{f.Count} open flags"))]);
    }

    private async Task<IReadOnlyList<ExpertLoadFigures>> LoadAsync(string? pool, CancellationToken ct)
    {
        await Task.Yield();
        var only = pool is null || !pools.Several ? null : await pools.InPoolAsync(await InsightsReads.OpenQuestionsAsync(database, ct), pool, ct);
        return (await InsightsReads.OpenInvitationsAsync(database, only, ct)).Top(2 * ListSize);
    }

    private async Task<IReadOnlyList<IdeaStage>> FunnelAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        await Task.Yield();
        await using var db = database.CreateContext();
        var counts = await db.Set<Idea>().AsNoTracking().Where(i => i.CreatedAt >= from && i.CreatedAt < to)
            .GroupBy(i => i.Status).Select(g => new { Status = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Status, g => g.Count, ct);
        return [.. Enum.GetValues<IdeaStatus>().Select(s => new IdeaStage(s.ToString(), Idea.Describe(s), counts.GetValueOrDefault(s)))];
    }
}
