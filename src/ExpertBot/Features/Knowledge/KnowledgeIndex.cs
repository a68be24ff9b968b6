using System.Collections.Concurrent;
using ExpertBot.Features.Knowledge.Search;

namespace ExpertBot.Features.Knowledge;

/// <summary>
/// The knowledge base as the question flow sees it: articles and resolved questions, searched by the hybrid index
/// (<see cref="HybridIndex"/>: words and meaning). An article is searchable by its words as soon as it is added and by its
/// meaning once its vector is ready (at once when the vector cache has it). Confidence decides whether the bot dares to
/// suggest an article before bothering experts.
/// </summary>
internal sealed partial class KnowledgeIndex(HybridIndex index, ILogger<KnowledgeIndex> logger)
{
    private readonly ConcurrentDictionary<string, KnowledgeArticle> _articles = new(StringComparer.Ordinal);

    // Resolved questions whose validated article answers in their place: a refresh must not bring them back.
    private readonly ConcurrentDictionary<string, bool> _superseded = new(StringComparer.Ordinal);

    public int Count => _articles.Count;

    public HybridIndex Index => index;

    /// <summary>Adds a new article and waits for its vector; an id already indexed is a mistake.</summary>
    public async Task AddAsync(KnowledgeArticle article)
    {
        if (!TryAdd(article, out var indexed))
        {
            throw new InvalidOperationException($"Knowledge article '{article.Id}' is already indexed.");
        }
        await indexed;
    }

    /// <summary>
    /// Adds the article unless one with its id is already indexed (a refresh may meet it twice); true when added.
    /// <paramref name="indexed"/> completes when its vector is in too.
    /// </summary>
    public bool TryAdd(KnowledgeArticle article, out Task indexed)
    {
        if (_superseded.ContainsKey(article.Id) || !_articles.TryAdd(article.Id, article))
        {
            indexed = Task.CompletedTask;
            return false;
        }
        indexed = index.UpsertAsync(Document(article), CancellationToken.None);
        return true;
    }

    /// <summary>Adds the article unless its id is indexed already, without waiting for its vector (a failure is logged).</summary>
    public bool TryAdd(KnowledgeArticle article)
    {
        if (!TryAdd(article, out var indexed))
        {
            return false;
        }
        _ = indexed.ContinueWith(t => EmbedFailed(logger, article.Id, t.Exception!), CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        return true;
    }

    /// <summary>
    /// Adds the articles whose ids are not indexed yet, in one batch (vectors embedded together, a failure logged);
    /// returns how many were added.
    /// </summary>
    public int TryAddMany(IEnumerable<KnowledgeArticle> articles)
    {
        var added = articles.Where(a => !_superseded.ContainsKey(a.Id) && _articles.TryAdd(a.Id, a)).ToList();
        if (added.Count > 0)
        {
            _ = index.UpsertManyAsync([.. added.Select(Document)], CancellationToken.None).ContinueWith(
                t => EmbedFailed(logger, string.Join(", ", added.Take(5).Select(a => a.Id)), t.Exception!), CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
        return added.Count;
    }

    /// <summary>Adds or replaces many articles at once (start-up): searchable by words on return, by meaning when the task ends.</summary>
    public Task UpsertManyAsync(IReadOnlyList<KnowledgeArticle> articles, CancellationToken ct)
    {
        foreach (var article in articles)
        {
            _articles[article.Id] = article;
        }
        return index.UpsertManyAsync([.. articles.Select(Document)], ct);
    }

    /// <summary>
    /// A resolved question (by its number) is answered by a validated article from now on: it leaves the search, and is
    /// not added again by a later refresh.
    /// </summary>
    public void Supersede(string questionNumber)
    {
        _superseded[questionNumber] = true;
        Remove(questionNumber);
    }

    public bool Remove(string id) => _articles.TryRemove(id, out _) & index.Remove(id);

    public KnowledgeArticle? Find(string id) => _articles.GetValueOrDefault(id);

    /// <summary>
    /// The best matches for a question. Should the question's vector fail (a cloud embeddings deployment unreachable),
    /// the search goes on with words alone rather than leaving the agent without an answer.
    /// </summary>
    public async Task<IReadOnlyList<KnowledgeMatch>> SearchAsync(string question, int top, SearchFilter? filter = null, CancellationToken ct = default)
    {
        QueryVectors vector;
        try
        {
            vector = await index.EmbedQueryAsync(question, ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            QueryEmbedFailed(logger, e);
            vector = QueryVectors.None;
        }
        return [.. index.Search(question, vector, top, filter)
            .Select(hit => _articles.TryGetValue(hit.Document.Id, out var article) ? new KnowledgeMatch(article, hit.Score, hit.Confidence) { Semantic = hit.Semantic } : null)
            .OfType<KnowledgeMatch>()];
    }

    /// <summary>An article as a search document: the title (with its tags, which say what it is about too) and the KCS parts.</summary>
    public static SearchDocument Document(KnowledgeArticle a) => new(
        a.Id,
        a.Tags.Count == 0 ? a.Title : $"{a.Title} ({string.Join(", ", a.Tags)})",
        string.Join("\n", new[] { a.Issue, a.Environment, a.Cause, a.Resolution }.Where(s => !string.IsNullOrWhiteSpace(s))),
        a.Product,
        a.FromResolvedQuestion ? DocumentKind.ResolvedQuestion : DocumentKind.Article);

    [LoggerMessage(EventId = 700, Level = LogLevel.Warning, Message = "Embedding knowledge articles ({Ids}) failed; they are found by their words only")]
    private static partial void EmbedFailed(ILogger logger, string ids, Exception exception);

    [LoggerMessage(EventId = 701, Level = LogLevel.Warning, Message = "Embedding a question failed; searching the knowledge base by words only")]
    private static partial void QueryEmbedFailed(ILogger logger, Exception exception);
}
