namespace ExpertBot.Features.Routing;

/// <summary>A resolved past question: what was asked and who answered (accepted or not).</summary>
internal sealed record PastQuestion(string Id, long Order, string Title, string Body, IReadOnlyList<string> Tags,
    IReadOnlyList<string> AnswererIds, string? AcceptedAnswererId);

/// <summary>
/// In-memory evidence index: BM25 over past questions (title, body and tags), and per-expert topic
/// counts. Adding a question updates it in place, so the next ranking sees it without a rebuild.
/// </summary>
internal sealed class RoutingIndex
{
    private const double K1 = 1.2;
    private const double B = 0.75;
    private readonly List<PastQuestion> _questions = [];
    private readonly List<Dictionary<string, int>> _termCounts = [];
    private readonly List<int> _lengths = [];
    private readonly Dictionary<string, List<int>> _postings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, int>> _expertTags = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _tagFrequency = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ExpertActivity> _activity = new(StringComparer.Ordinal);
    private long _totalLength;

    public long MaxOrder { get; private set; }

    public int QuestionCount => _questions.Count;

    /// <summary>The largest answers + accepted of any expert, kept on add so ranking need not scan everyone.</summary>
    public int MaxContributions { get; private set; }

    public IReadOnlyDictionary<string, ExpertActivity> Activity => _activity;

    public void Add(PastQuestion question)
    {
        var index = _questions.Count;
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var length = 0;
        // Titles and tags are counted twice: they say what a question is about; bodies ramble.
        foreach (var token in Text.Tokens(question.Title).Concat(Text.Tokens(question.Title))
                     .Concat(Text.Tokens(question.Body)).Concat(question.Tags.SelectMany(t => new[] { "tag:" + t, "tag:" + t })))
        {
            counts[token] = counts.GetValueOrDefault(token) + 1;
            length++;
        }
        foreach (var term in counts.Keys)
        {
            if (!_postings.TryGetValue(term, out var list))
            {
                _postings[term] = list = [];
            }
            list.Add(index);
        }
        _questions.Add(question);
        _termCounts.Add(counts);
        _lengths.Add(length);
        _totalLength += length;
        MaxOrder = Math.Max(MaxOrder, question.Order);

        foreach (var tag in question.Tags)
        {
            _tagFrequency[tag] = _tagFrequency.GetValueOrDefault(tag) + 1;
        }
        foreach (var expert in question.AnswererIds.Distinct(StringComparer.Ordinal))
        {
            if (!_expertTags.TryGetValue(expert, out var tags))
            {
                _expertTags[expert] = tags = new Dictionary<string, int>(StringComparer.Ordinal);
            }
            foreach (var tag in question.Tags)
            {
                tags[tag] = tags.GetValueOrDefault(tag) + 1;
            }
            var accepted = expert == question.AcceptedAnswererId;
            var previous = _activity.GetValueOrDefault(expert);
            var updated = new ExpertActivity(previous.Answers + 1, previous.Accepted + (accepted ? 1 : 0), Math.Max(previous.LastOrder, question.Order));
            _activity[expert] = updated;
            MaxContributions = Math.Max(MaxContributions, updated.Answers + updated.Accepted);
        }
    }

    /// <summary>The most similar past questions by BM25, best first.</summary>
    public List<(PastQuestion Question, double Score)> Similar(IEnumerable<string> terms, int take)
    {
        var n = _questions.Count;
        if (n == 0)
        {
            return [];
        }
        var averageLength = (double)_totalLength / n;
        var scores = new Dictionary<int, double>();
        foreach (var term in terms.Distinct(StringComparer.Ordinal))
        {
            if (!_postings.TryGetValue(term, out var postings))
            {
                continue;
            }
            var idf = Math.Log(1 + (n - postings.Count + 0.5) / (postings.Count + 0.5));
            foreach (var doc in postings)
            {
                var tf = _termCounts[doc][term];
                var norm = tf * (K1 + 1) / (tf + K1 * (1 - B + B * _lengths[doc] / averageLength));
                scores[doc] = scores.GetValueOrDefault(doc) + idf * norm;
            }
        }
        return scores.OrderByDescending(kv => kv.Value).Take(take).Select(kv => (_questions[kv.Key], kv.Value)).ToList();
    }

    /// <summary>Topic match: how often the expert answered questions with these tags, rarer tags counting more.</summary>
    public double TagScore(string expertId, IEnumerable<string> tags, out string? strongestTag)
    {
        strongestTag = null;
        if (!_expertTags.TryGetValue(expertId, out var counts))
        {
            return 0;
        }
        double total = 0, best = 0;
        foreach (var tag in tags)
        {
            if (counts.TryGetValue(tag, out var count))
            {
                var value = Math.Log(1 + (double)_questions.Count / _tagFrequency[tag]) * Math.Log(1 + count);
                total += value;
                if (value > best)
                {
                    best = value;
                    strongestTag = tag;
                }
            }
        }
        return total;
    }
}

internal readonly record struct ExpertActivity(int Answers, int Accepted, long LastOrder);
