using System.Collections.Concurrent;

namespace ExpertBot.Features.Knowledge.Articles;

/// <summary>
/// Keeps the knowledge search in step with the articles: only validated ones are searchable, each in its source
/// question's place (the question's entry leaves the search, so the next agent is offered the article). The search is in
/// memory per instance; this instance's own changes follow at once (<see cref="FollowAsync"/>), every instance's changes
/// follow from the database on a timer (<see cref="CatchUpAsync"/>, run by <see cref="ArticleRefresh"/>).
/// </summary>
internal sealed partial class ArticleIndexing(KnowledgeIndex knowledge, TimeProvider time, ILogger<ArticleIndexing> logger)
{
    /// <summary>How long a change waits for the article's vector, so the very next question finds it by meaning too.</summary>
    private static readonly TimeSpan VectorWait = TimeSpan.FromSeconds(2);

    // The version of each article the search reflects here, so a refresh applies only what changed elsewhere, and an
    // older version read by a refresh never undoes a newer one applied by a click (checked and applied under the lock).
    private readonly ConcurrentDictionary<long, int> _versions = new();
    private readonly Lock _apply = new();

    public static KnowledgeArticle Searchable(Article a) =>
        new(a.Number, a.Title, a.Issue, a.Environment, a.Cause, a.Resolution, a.Product, a.TagList);

    /// <summary>After a committed change: index the article when it is searchable, take it out when it stopped being.</summary>
    public async Task FollowAsync(Article article, CancellationToken ct)
    {
        if (Apply([article]) is not { } indexed)
        {
            return;
        }
        if (article.IsSearchable)
        {
            try
            {
                await indexed.WaitAsync(VectorWait, time, ct);
            }
            catch (TimeoutException)
            {
                // Searchable by its words already; its meaning follows when the vector is ready.
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                EmbedFailed(logger, article.Number, e);
            }
        }
    }

    /// <summary>
    /// Articles read from the database after a change anywhere: those at a version this instance has not applied are
    /// indexed (validated) or taken out (any other state); returns how many. Searchable by their words on return, by
    /// their meaning when the task ends.
    /// </summary>
    public async Task<int> CatchUpAsync(IReadOnlyList<Article> changed, CancellationToken ct)
    {
        var fresh = changed.Where(a => !_versions.TryGetValue(a.Id, out var seen) || seen < a.Version).ToList();
        if (fresh.Count == 0 || Apply(fresh) is not { } indexed)
        {
            return 0;
        }
        await indexed.WaitAsync(ct);
        return fresh.Count;
    }

    /// <summary>Start-up: every validated article, words at once and meaning when the task ends.</summary>
    public Task LoadAsync(IReadOnlyList<Article> validated, CancellationToken ct) => Apply(validated) ?? Task.CompletedTask;

    /// <summary>
    /// Brings the search to these articles' versions (skipping any it already has at a newer one); null when none was
    /// newer. The words change here, under the lock; the returned task ends when the vectors are in.
    /// </summary>
    private Task? Apply(IReadOnlyList<Article> articles)
    {
        lock (_apply)
        {
            var newer = articles.Where(a => !_versions.TryGetValue(a.Id, out var seen) || seen <= a.Version).ToList();
            if (newer.Count == 0)
            {
                return null;
            }
            var searchable = new List<KnowledgeArticle>();
            foreach (var a in newer)
            {
                _versions[a.Id] = a.Version;
                if (a.IsSearchable)
                {
                    if (a.SourceQuestionNumber is { } question)
                    {
                        knowledge.Supersede(question);
                    }
                    searchable.Add(Searchable(a));
                }
                else
                {
                    knowledge.Remove(a.Number);
                }
            }
            return searchable.Count == 0 ? Task.CompletedTask : knowledge.UpsertManyAsync(searchable, CancellationToken.None);
        }
    }

    [LoggerMessage(EventId = 710, Level = LogLevel.Warning, Message = "Embedding article {Number} failed; it is found by its words only")]
    private static partial void EmbedFailed(ILogger logger, string number, Exception exception);
}
