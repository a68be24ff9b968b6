using ExpertBot.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ExpertBot.Features.Knowledge.Articles;

/// <summary>
/// Before the app takes traffic: the demo articles become rows on first start (validated, keeping their numbers, so
/// new articles are numbered after them), and every validated article is loaded into the search: by its words at once,
/// by its meaning as soon as its vector is read from the cache or embedded, which runs on in the background.
/// </summary>
internal sealed partial class ArticleLoader(
    ExpertBotDatabase database, ArticleIndexing indexing, ArticleRefresh refresh, TimeProvider time, IOptions<ArticleOptions> options, ILogger<ArticleLoader> logger)
    : BackgroundService
{
    /// <summary>Who owns the demo articles: nobody to remind.</summary>
    public const string SystemOwner = "expertbot";

    private Task _embedding = Task.CompletedTask;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await SeedAsync(DemoKnowledge.Read(Path.Combine(AppContext.BaseDirectory, "demo-knowledge.json")), cancellationToken);
        // Changes from this moment on are the refresh's to apply (it reads a little further back, and skips what it has).
        refresh.StartFrom(time.GetUtcNow());
        await using (var db = database.CreateContext())
        {
            var validated = await db.Set<Article>().AsNoTracking().Where(a => a.State == ArticleState.Validated).OrderBy(a => a.Id).ToListAsync(cancellationToken);
            _embedding = indexing.LoadAsync(validated, cancellationToken);
        }
        await base.StartAsync(cancellationToken);
    }

    /// <summary>Inserts the demo articles that are not rows yet (all of them on a first start; none after).</summary>
    internal async Task SeedAsync(IReadOnlyList<KnowledgeArticle> demo, CancellationToken ct)
    {
        await using var db = database.CreateContext();
        var ids = demo.Select(d => ArticleNumbers.Parse(d.Id)).OfType<long>().ToList();
        var existing = await db.Set<Article>().Where(a => ids.Contains(a.Id)).Select(a => a.Id).ToListAsync(ct);
        var now = time.GetUtcNow();
        var missing = demo.Where(d => ArticleNumbers.Parse(d.Id) is { } id && !existing.Contains(id)).ToList();
        if (missing.Count == 0)
        {
            return;
        }
        foreach (var d in missing)
        {
            db.Add(new Article
            {
                Id = ArticleNumbers.Parse(d.Id)!.Value,
                Title = d.Title,
                Issue = d.Issue,
                Environment = d.Environment,
                Cause = d.Cause,
                Resolution = d.Resolution,
                Product = d.Product,
                Tags = string.Join(", ", d.Tags),
                State = ArticleState.Validated,
                OwnerId = SystemOwner,
                OwnerName = "ExpertBot (demo content)",
                CreatedAt = now,
                UpdatedAt = now,
                ValidatedAt = now,
                LastVerifiedAt = now,
                VerifyIntervalDays = options.Value.VerifyIntervalDays,
            });
        }
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.SaveChangesAsync(ct);
            if (db.Database.IsNpgsql())
            {
                // Explicit ids do not move PostgreSQL's identity sequence: new articles must be numbered after the seeded ones.
                await db.Database.ExecuteSqlRawAsync(
                    "SELECT setval(pg_get_serial_sequence('knowledge_articles', 'Id'), (SELECT MAX(\"Id\") FROM knowledge_articles))", ct);
            }
            await tx.CommitAsync(ct);
            Seeded(logger, missing.Count);
        }
        catch (DbUpdateException)
        {
            // Another instance seeded them at the same moment.
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await _embedding.WaitAsync(stoppingToken);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            EmbedFailed(logger, e);
        }
    }

    [LoggerMessage(EventId = 711, Level = LogLevel.Information, Message = "{Count} demo knowledge articles added to the knowledge base")]
    private static partial void Seeded(ILogger logger, int count);

    [LoggerMessage(EventId = 702, Level = LogLevel.Warning, Message = "Embedding the knowledge articles failed; they are found by their words only")]
    private static partial void EmbedFailed(ILogger logger, Exception exception);
}
