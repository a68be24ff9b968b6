using ExpertBot.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ExpertBot.Features.Knowledge.Articles;

/// <summary>
/// With several instances, each has its own search in memory: every <see cref="ArticleOptions.RefreshInterval"/> this one
/// reads the articles whose <see cref="Article.UpdatedAt"/> moved since its watermark (less <see cref="Lookback"/>) and
/// brings its search to their versions, so an article validated, fixed, archived or handed over on another instance is
/// found, or no longer found, here too. Every state change moves <see cref="Article.UpdatedAt"/> (<see cref="Article.Apply"/>).
/// </summary>
internal sealed partial class ArticleRefresh(
    ExpertBotDatabase database, ArticleIndexing indexing, TimeProvider time, IOptions<ArticleOptions> options, ILogger<ArticleRefresh> logger)
    : BackgroundService
{
    /// <summary>
    /// Each read goes back this far before the newest change it saw: instances' clocks differ a little, and a transaction
    /// stamped earlier can commit after one stamped later. What it reads again is skipped by its version.
    /// </summary>
    public static readonly TimeSpan Lookback = TimeSpan.FromMinutes(2);

    /// <summary>Articles read per round trip (keyset pages by time and id).</summary>
    private const int Page = 500;

    private readonly Lock _gate = new();
    private DateTimeOffset? _watermark;
    private TaskCompletionSource _refreshed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes after the next refresh round ends (for tests that move a fake clock and wait for the timer's work).</summary>
    public Task NextRoundAsync()
    {
        lock (_gate)
        {
            return _refreshed.Task;
        }
    }

    /// <summary>Where the first round starts: the start-up load read every validated article just after this moment.</summary>
    public void StartFrom(DateTimeOffset loadedAt)
    {
        lock (_gate)
        {
            _watermark ??= loadedAt;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // One delay at a time, not a periodic timer: a clock that jumps (a suspended VM, a test's fake clock moved by
        // days) then costs one round, never one per missed interval.
        var interval = options.Value.RefreshInterval;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(interval, time, stoppingToken);
                // Off the timer's thread: a fake clock moved by days fires timers in turn on the thread that moves it, and
                // a round run there (SQLite answers synchronously) would re-arm and fire again for every interval skipped.
                await Task.Yield();
                try
                {
                    await RefreshAsync(stoppingToken);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    // The database is away for a moment: the next round reads from the same watermark, nothing is lost.
                    RefreshFailed(logger, e);
                }
                finally
                {
                    TaskCompletionSource done;
                    lock (_gate)
                    {
                        done = _refreshed;
                        _refreshed = new(TaskCreationOptions.RunContinuationsAsynchronously);
                    }
                    done.TrySetResult();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One round: every article changed since the watermark (less the look-back), page by page; returns how many were applied.</summary>
    public async Task<int> RefreshAsync(CancellationToken ct)
    {
        DateTimeOffset since;
        lock (_gate)
        {
            since = (_watermark ?? DateTimeOffset.MinValue.AddYears(1)) - Lookback;
        }
        var applied = 0;
        var newest = since;
        (DateTimeOffset At, long Id)? after = null;
        while (true)
        {
            await using var db = database.CreateContext();
            var query = db.Set<Article>().AsNoTracking().Where(a => a.UpdatedAt >= since);
            if (after is { } cursor)
            {
                query = query.Where(a => a.UpdatedAt > cursor.At || (a.UpdatedAt == cursor.At && a.Id > cursor.Id));
            }
            var page = await query.OrderBy(a => a.UpdatedAt).ThenBy(a => a.Id).Take(Page).ToListAsync(ct);
            applied += await indexing.CatchUpAsync(page, ct);
            if (page.Count > 0)
            {
                after = (page[^1].UpdatedAt, page[^1].Id);
                newest = page[^1].UpdatedAt > newest ? page[^1].UpdatedAt : newest;
            }
            if (page.Count < Page)
            {
                break;
            }
        }
        lock (_gate)
        {
            if (_watermark is null || newest > _watermark)
            {
                _watermark = newest;
            }
        }
        if (applied > 0)
        {
            Refreshed(logger, applied);
        }
        return applied;
    }

    [LoggerMessage(EventId = 719, Level = LogLevel.Warning, Message = "Reading the changed knowledge articles failed; the next round tries again")]
    private static partial void RefreshFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 720, Level = LogLevel.Debug, Message = "{Count} knowledge articles changed on other instances are now in this instance's search")]
    private static partial void Refreshed(ILogger logger, int count);
}
