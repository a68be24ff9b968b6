using ExpertBot.Features.Knowledge;
using ExpertBot.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ExpertBot.Features.Questions;

/// <summary>
/// Past questions resolved by experts are knowledge too: coordination first searches them beside the articles, so the
/// second agent with the same problem gets the answer without bothering anyone. An accepted answer is added at once;
/// a periodic pass adds those resolved before a restart or on another instance.
/// </summary>
internal sealed partial class ResolvedAnswers(
    KnowledgeIndex knowledge, ExpertBotDatabase database, TimeProvider time, IOptions<QuestionOptions> options,
    ILogger<ResolvedAnswers> logger) : BackgroundService
{
    // Rows committed late, or by an instance with a slightly behind clock, are still found by the next pass.
    private static readonly TimeSpan Overlap = TimeSpan.FromMinutes(5);
    private DateTimeOffset? _seenUntil;

    /// <summary>Indexes a question resolved by an expert's (or the asker's own) answer; false when it is not one.</summary>
    public bool Add(Question q) => Article(q) is { } article && knowledge.TryAdd(article);

    private static KnowledgeArticle? Article(Question q) =>
        q is { Status: QuestionStatus.Resolved, KnowledgeArticleId: null, Resolution.Length: > 0 }
            ? new KnowledgeArticle(q.Number, q.Title, q.Details ?? "", "", "", q.Resolution, q.Product ?? "", []) { FromResolvedQuestion = true }
            : null;

    /// <summary>Adds every resolved question not yet indexed (all of them the first time); returns how many were added.</summary>
    public async Task<int> LoadNewAsync(CancellationToken ct)
    {
        var since = _seenUntil - Overlap;
        await using var db = database.CreateContext();
        var resolved = await db.Set<Question>().AsNoTracking()
            .Where(q => q.Status == QuestionStatus.Resolved && q.KnowledgeArticleId == null && q.Resolution != null)
            .Where(q => since == null || q.ResolvedAt >= since)
            .OrderBy(q => q.ResolvedAt)
            .ToListAsync(ct);
        // One batch: after a restart that is every resolved question, staged together and embedded in batches.
        var added = knowledge.TryAddMany(resolved.Select(Article).OfType<KnowledgeArticle>());
        _seenUntil = resolved.Select(q => q.ResolvedAt).Append(_seenUntil).Max();
        return added;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.AnswersRefreshInterval, time);
        do
        {
            try
            {
                var added = await LoadNewAsync(stoppingToken);
                if (added > 0)
                {
                    Loaded(logger, added);
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // What is indexed stays; the next tick tries again.
                LoadFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(EventId = 641, Level = LogLevel.Information, Message = "{Count} resolved questions added to the knowledge search")]
    private static partial void Loaded(ILogger logger, int count);

    [LoggerMessage(EventId = 642, Level = LogLevel.Warning, Message = "Loading resolved questions into the knowledge search failed; retrying on the next tick")]
    private static partial void LoadFailed(ILogger logger, Exception exception);
}
