using ExpertBot.Features.Knowledge.Search;
using ExpertBot.Storage;
using Microsoft.EntityFrameworkCore;

namespace ExpertBot.Features.Ideas;

/// <summary>A similar idea as the agent is offered it: the idea, and how sure the search is (0..1).</summary>
internal sealed record SimilarIdea(long Id, string Title, string? Product, double Confidence);

/// <summary>
/// The open ideas in the same hybrid search as the knowledge base (BM25 over words, MiniLM over meaning, fused; its own
/// index, sharing the model and the vector cache), so an idea is found by what it means, not only by its words. In
/// memory per instance: rebuilt from the database at start, kept current by the changes this instance makes, and
/// refreshed from the database before each duplicate check, so another instance's new ideas are found too.
/// </summary>
internal sealed partial class IdeaIndex(HybridIndex index, ExpertBotDatabase database, ILogger<IdeaIndex> logger) : IDisposable
{
    private long _seenUpTo;
    private readonly SemaphoreSlim _refresh = new(1, 1);

    public HybridIndex Index => index;

    public static SearchDocument Document(long id, string title, string? details, string? product) =>
        new(id.ToString(System.Globalization.CultureInfo.InvariantCulture), title, details ?? "", product ?? "", DocumentKind.Idea);

    public void Put(Idea idea) => Track(index.UpsertAsync(Document(idea.Id, idea.Title, idea.Details, idea.Product), CancellationToken.None), idea.Id);

    public void Remove(long id) => index.Remove(id.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Reads ideas created since the last read (all of them the first time) into the index.</summary>
    public async Task RefreshAsync(CancellationToken ct)
    {
        await _refresh.WaitAsync(ct);
        try
        {
            await using var db = database.CreateContext();
            var fresh = await db.Set<Idea>().AsNoTracking().Where(i => i.Id > _seenUpTo)
                .Select(i => new { i.Id, i.Title, i.Details, i.Product, i.Status }).OrderBy(i => i.Id).ToListAsync(ct);
            if (fresh.Count == 0)
            {
                return;
            }
            _seenUpTo = fresh[^1].Id;
            var open = fresh.Where(i => i.Status != IdeaStatus.Merged).Select(i => Document(i.Id, i.Title, i.Details, i.Product)).ToList();
            Track(index.UpsertManyAsync(open, CancellationToken.None), fresh[0].Id);
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <summary>The ideas most like the draft, best first, that the search is at least <paramref name="minConfidence"/> sure of.</summary>
    public async Task<IReadOnlyList<SimilarIdea>> SimilarAsync(string title, string? details, int top, double minConfidence, long? except, CancellationToken ct)
    {
        await RefreshAsync(ct);
        var text = string.IsNullOrWhiteSpace(details) ? title : $"{title}\n{details}";
        QueryVectors vectors;
        try
        {
            vectors = await index.EmbedQueryAsync(text, ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            QueryEmbedFailed(logger, e);
            vectors = QueryVectors.None;
        }
        return Similar(text, vectors, top, minConfidence, except);
    }

    /// <summary>The search itself, on a query already embedded (what the benchmark times).</summary>
    public IReadOnlyList<SimilarIdea> Similar(string text, QueryVectors vectors, int top, double minConfidence, long? except) =>
        Rank(index, text, vectors, top, minConfidence, except);

    /// <summary>The duplicate check over any index of ideas: the same function serves the product, eval-ideas and bench-tab.</summary>
    public static IReadOnlyList<SimilarIdea> Rank(HybridIndex index, string text, QueryVectors vectors, int top, double minConfidence, long? except) =>
        [.. index.Search(text, vectors, top + 1, new SearchFilter(Kinds: IdeaKinds))
            .Where(h => h.Confidence >= minConfidence)
            .Select(h => new SimilarIdea(long.Parse(h.Document.Id, System.Globalization.CultureInfo.InvariantCulture), h.Document.Title,
                h.Document.Product.Length == 0 ? null : h.Document.Product, h.Confidence))
            .Where(s => s.Id != except)
            .Take(top)];

    private static readonly IReadOnlySet<DocumentKind> IdeaKinds = new HashSet<DocumentKind> { DocumentKind.Idea };

    private void Track(Task embedding, long id) =>
        _ = embedding.ContinueWith(t => EmbedFailed(logger, id, t.Exception!), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);

    public void Dispose()
    {
        _refresh.Dispose();
        index.Dispose();
    }

    [LoggerMessage(EventId = 800, Level = LogLevel.Warning, Message = "Embedding idea {Id} failed; it is found by its words only")]
    private static partial void EmbedFailed(ILogger logger, long id, Exception exception);

    [LoggerMessage(EventId = 801, Level = LogLevel.Warning, Message = "Embedding an idea draft failed; similar ideas are found by their words only")]
    private static partial void QueryEmbedFailed(ILogger logger, Exception exception);
}
