namespace ExpertBot.Features.Knowledge.Articles;

/// <summary>
/// Keeps the knowledge search in step with the articles: only validated ones are searchable, each in its source
/// question's place (the question's entry leaves the search, so the next agent is offered the article).
/// </summary>
internal sealed partial class ArticleIndexing(KnowledgeIndex knowledge, TimeProvider time, ILogger<ArticleIndexing> logger)
{
    /// <summary>How long a change waits for the article's vector, so the very next question finds it by meaning too.</summary>
    private static readonly TimeSpan VectorWait = TimeSpan.FromSeconds(2);

    public static KnowledgeArticle Searchable(Article a) =>
        new(a.Number, a.Title, a.Issue, a.Environment, a.Cause, a.Resolution, a.Product, a.TagList);

    /// <summary>After a committed change: index the article when it is searchable, take it out when it stopped being.</summary>
    public async Task FollowAsync(Article article, bool wasSearchable, CancellationToken ct)
    {
        if (article.IsSearchable)
        {
            if (article.SourceQuestionNumber is { } question)
            {
                knowledge.Supersede(question);
            }
            try
            {
                await knowledge.UpsertManyAsync([Searchable(article)], ct).WaitAsync(VectorWait, time, ct);
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
        else if (wasSearchable)
        {
            knowledge.Remove(article.Number);
        }
    }

    /// <summary>Start-up: every validated article, words at once and meaning when the task ends.</summary>
    public Task LoadAsync(IReadOnlyList<Article> validated, CancellationToken ct)
    {
        foreach (var question in validated.Select(a => a.SourceQuestionNumber).OfType<string>())
        {
            knowledge.Supersede(question);
        }
        return knowledge.UpsertManyAsync([.. validated.Select(Searchable)], ct);
    }

    [LoggerMessage(EventId = 710, Level = LogLevel.Warning, Message = "Embedding article {Number} failed; it is found by its words only")]
    private static partial void EmbedFailed(ILogger logger, string number, Exception exception);
}
