using ExpertBot.Features.Routing;

namespace ExpertBot.Features.Knowledge;

/// <summary>
/// In-memory BM25 index over articles. Adding an article updates it in place, so a new article is
/// searchable at once. Confidence (how much of the question the article covers) decides whether the
/// bot dares to suggest it: BM25 scores alone are not comparable between questions.
/// </summary>
internal sealed class KnowledgeIndex
{
    private const double K1 = 1.2;
    private const double B = 0.75;
    private const int MinimumMatchedTerms = 2;
    private readonly Lock _gate = new();
    private readonly List<KnowledgeArticle> _articles = [];
    private readonly List<Dictionary<string, int>> _termCounts = [];
    private readonly List<int> _lengths = [];
    private readonly Dictionary<string, List<int>> _postings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _byId = new(StringComparer.Ordinal);
    private long _totalLength;

    public int Count
    {
        get { lock (_gate) { return _articles.Count; } }
    }

    /// <summary>Adds a new article; an id already indexed is a mistake in the seed data.</summary>
    public void Add(KnowledgeArticle article)
    {
        if (!TryAdd(article))
        {
            throw new InvalidOperationException($"Knowledge article '{article.Id}' is already indexed.");
        }
    }

    /// <summary>Adds the article unless one with its id is already indexed (a refresh may meet it twice); true when added.</summary>
    public bool TryAdd(KnowledgeArticle article)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        // The title and tags say what an article is about, so they count twice.
        foreach (var token in Text.Tokens(article.Title).Concat(Text.Tokens(article.Title))
                     .Concat(Text.Tokens(article.Issue)).Concat(Text.Tokens(article.Cause))
                     .Concat(Text.Tokens(article.Resolution)).Concat(Text.Tokens(article.Product))
                     .Concat(article.Tags.SelectMany(t => Text.Tokens(t).Concat(Text.Tokens(t)))))
        {
            counts[token] = counts.GetValueOrDefault(token) + 1;
        }
        lock (_gate)
        {
            if (_byId.ContainsKey(article.Id))
            {
                return false;
            }
            var index = _articles.Count;
            _byId[article.Id] = index;
            _articles.Add(article);
            _termCounts.Add(counts);
            var length = counts.Values.Sum();
            _lengths.Add(length);
            _totalLength += length;
            foreach (var term in counts.Keys)
            {
                if (!_postings.TryGetValue(term, out var list))
                {
                    _postings[term] = list = [];
                }
                list.Add(index);
            }
        }
        return true;
    }

    public KnowledgeArticle? Find(string id)
    {
        lock (_gate)
        {
            return _byId.TryGetValue(id, out var index) ? _articles[index] : null;
        }
    }

    public IReadOnlyList<KnowledgeMatch> Search(string question, int top)
    {
        var terms = Text.Tokens(question).Distinct(StringComparer.Ordinal).ToArray();
        lock (_gate)
        {
            var n = _articles.Count;
            if (n == 0 || terms.Length == 0)
            {
                return [];
            }
            var averageLength = (double)_totalLength / n;
            var scores = new Dictionary<int, (double Score, double Covered, int Matched)>();
            var totalWeight = 0.0;
            foreach (var term in terms)
            {
                // Words no article uses (case numbers, customer names, typos) say nothing either way: they are left
                // out of the coverage, or every question with a reference number would look unanswerable.
                if (!_postings.TryGetValue(term, out var list))
                {
                    continue;
                }
                var df = list.Count;
                var idf = Math.Log(1 + (n - df + 0.5) / (df + 0.5));
                totalWeight += idf;
                foreach (var doc in list)
                {
                    var tf = _termCounts[doc][term];
                    var length = _lengths[doc];
                    var bm25 = idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / averageLength));
                    var (score, covered, matched) = scores.GetValueOrDefault(doc);
                    scores[doc] = (score + bm25, covered + idf, matched + 1);
                }
            }
            return scores
                .OrderByDescending(s => s.Value.Score)
                .ThenBy(s => _articles[s.Key].Id, StringComparer.Ordinal)
                .Take(top)
                // One shared word is a coincidence, not an answer: confidence needs at least two.
                .Select(s => new KnowledgeMatch(_articles[s.Key], s.Value.Score,
                    totalWeight == 0 || s.Value.Matched < MinimumMatchedTerms ? 0 : s.Value.Covered / totalWeight))
                .ToArray();
        }
    }
}
