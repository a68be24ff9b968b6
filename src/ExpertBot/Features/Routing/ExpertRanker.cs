using System.Runtime.InteropServices;

namespace ExpertBot.Features.Routing;

/// <summary>
/// The one ranker for the bot and the offline evaluation. Relevance is the sum of four normalised signals:
/// evidence from the most similar past questions (BM25, accepted answers x1.5, weighted by how recent the
/// question is), recency-weighted tag expertise (rarer tags count more), the profile text (skills above free
/// text), and how active the person was in the last tenth of the history. Preferences, declines, availability
/// and load then exclude people or scale their score; each result says which of these applied.
/// Every weight was chosen on physics and mathoverflow together (see README, Routing evaluation).
/// </summary>
internal sealed partial class ExpertRanker(RoutingIndex index)
{
    private const int SimilarQuestions = 100;
    private const double K1 = 1.2;
    private const double B = 0.75;
    // An accepted answer is stronger evidence than any answer, but one acceptance must not drown steady answerers.
    private const double AcceptedWeight = 1.5;
    private const double TagWeight = 1.0;
    private const double TextWeight = 1.0;
    private const double ActivityWeight = 0.5;
    // People go inactive: answers in the last tenth of the known history say who is around now.
    private const double ActivityWindowShare = 0.1;
    // Terms in more than a quarter of the questions carry little BM25 weight but cost the longest posting lists.
    private const double MaxDocumentShare = 0.25;
    // Profiles are short: a word in more than 1% of them (a common "about me" word) says nothing about expertise.
    private const double MaxProfileShare = 0.01;
    private const double MinRecency = 0.05;
    private static readonly TimeSpan Quarter = TimeSpan.FromDays(91);

    public IReadOnlyList<RankedExpert> Rank(RoutingQuery query, RankingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        options ??= new RankingOptions();
        if (options.Top <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Top must be positive");
        }
        index.Lock.EnterReadLock();
        try
        {
            return RankLocked(query, options);
        }
        finally
        {
            index.Lock.ExitReadLock();
        }
    }

    private List<RankedExpert> RankLocked(RoutingQuery query, RankingOptions options)
    {
        var scratch = RankingScratch.For(index.DocIds.Count, index.Experts.Count);
        var clock = new Clock(index, query.At);
        var terms = QueryTerms(query);
        try
        {
            CollectEvidence(terms, clock, scratch);
            CollectTags(query.Tags, clock, scratch);
            CollectProfileText(terms, scratch);
            var candidates = Candidates(query, options, scratch);
            return Score(query, options, terms, clock, candidates, scratch);
        }
        finally
        {
            scratch.ResetExperts();
        }
    }

    /// <summary>Recency is read against the question's time, or the newest evidence if that is earlier (the index knows nothing later).</summary>
    private readonly struct Clock
    {
        public Clock(RoutingIndex index, DateTimeOffset at)
        {
            Now = index.Latest == long.MinValue ? at.UtcTicks : Math.Min(at.UtcTicks, index.Latest);
            Origin = Math.Min(index.Origin, Now);
            Span = Math.Max(TimeSpan.TicksPerSecond, Now - Origin);
        }

        public long Now { get; }
        public long Origin { get; }
        public long Span { get; }

        // Linear in time over the known history; the floor keeps the oldest evidence from counting for nothing.
        public double Recency(long time) => Math.Clamp((double)(time - Origin) / Span, MinRecency, 1);
    }

    private static HashSet<string> QueryTerms(RoutingQuery query)
    {
        var terms = new HashSet<string>(StringComparer.Ordinal);
        foreach (var token in Text.Tokens(query.Title)) terms.Add(token);
        foreach (var token in Text.Tokens(query.Body)) terms.Add(token);
        foreach (var tag in query.Tags) terms.Add(Text.TagTerm(tag));
        return terms;
    }

    private void CollectEvidence(HashSet<string> terms, Clock clock, RankingScratch s)
    {
        var n = index.DocIds.Count;
        if (n == 0)
        {
            return;
        }
        var lengths = CollectionsMarshal.AsSpan(index.DocLength);
        var averageLength = (double)index.TotalLength / n;
        var maxDf = Math.Max(10, (int)(n * MaxDocumentShare));
        var scores = s.DocScore.AsSpan(0, n);
        foreach (var term in terms)
        {
            if (!index.TermIds.TryGetValue(term, out var id))
            {
                continue;
            }
            var postings = index.Postings[id];
            if (postings.Count > maxDf)
            {
                continue;
            }
            var idf = Math.Log(1 + (n - postings.Count + 0.5) / (postings.Count + 0.5));
            var docs = postings.Docs;
            var frequencies = postings.Frequencies;
            for (var i = 0; i < docs.Length; i++)
            {
                var doc = docs[i];
                double tf = frequencies[i];
                scores[doc] += (float)(idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * lengths[doc] / averageLength)));
            }
        }

        // Top similar questions through a min-heap. A sequential scan of the accumulators is cheaper than
        // tracking which documents were touched (a branch per posting) once posting lists are long.
        Span<int> heapDocs = stackalloc int[SimilarQuestions];
        Span<float> heapScores = stackalloc float[SimilarQuestions];
        var size = 0;
        for (var doc = 0; doc < scores.Length; doc++)
        {
            var score = scores[doc];
            if (score == 0)
            {
                continue;
            }
            if (size < SimilarQuestions)
            {
                heapDocs[size] = doc;
                heapScores[size] = score;
                SiftUp(heapDocs, heapScores, size++);
            }
            else if (score > heapScores[0] || (score == heapScores[0] && doc < heapDocs[0]))
            {
                heapDocs[0] = doc;
                heapScores[0] = score;
                SiftDown(heapDocs, heapScores, size);
            }
        }
        scores.Clear();
        var quarterStart = clock.Now - Quarter.Ticks;
        for (var i = 0; i < size; i++)
        {
            var doc = heapDocs[i];
            var time = index.DocTime[doc];
            var weight = heapScores[i] * clock.Recency(time);
            foreach (var answer in index.DocAnswers[doc])
            {
                var e = answer.Expert;
                s.Touch(e);
                s.Evidence[e] += weight * (answer.Accepted ? AcceptedWeight : 1);
                s.Similar[e]++;
                s.SimilarAccepted[e] += answer.Accepted ? 1 : 0;
                s.SimilarRecent[e] += answer.Time >= quarterStart && answer.Time <= clock.Now ? 1 : 0;
            }
        }
    }

    private void CollectTags(IReadOnlyList<string> tags, Clock clock, RankingScratch s)
    {
        var n = Math.Max(1, index.DocIds.Count);
        var originDays = clock.Origin / (double)TimeSpan.TicksPerDay;
        var spanDays = clock.Span / (double)TimeSpan.TicksPerDay;
        for (var t = 0; t < tags.Count; t++)
        {
            if (!index.TagIds.TryGetValue(tags[t], out var tag) || IndexOf(tags, tags[t]) < t)
            {
                continue;
            }
            var idf = Math.Log(1 + (double)n / Math.Max(1, index.TagQuestionCount[tag]));
            foreach (var (e, stat) in index.TagExperts[tag])
            {
                var value = idf * Math.Log(1 + stat.RecencySquared(originDays, spanDays));
                s.Touch(e);
                s.TagScore[e] += value;
                if (value > s.BestTagValue[e])
                {
                    s.BestTagValue[e] = value;
                    s.BestTag[e] = t;
                }
            }
        }
    }

    private void CollectProfileText(HashSet<string> terms, RankingScratch s)
    {
        var directory = Math.Max(1, index.DirectorySize);
        var maxDf = Math.Max(10, (int)(directory * MaxProfileShare));
        foreach (var term in terms)
        {
            if (!index.ProfileText.Terms.TryGetValue(term, out var experts) || experts.Count > maxDf)
            {
                continue;
            }
            var idf = Math.Log(1 + (directory - experts.Count + 0.5) / (experts.Count + 0.5));
            foreach (var (e, weight) in experts)
            {
                s.Touch(e);
                s.TextScore[e] += idf * weight / (weight + 1);
            }
        }
    }

    private static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (string.Equals(list[i], value, StringComparison.Ordinal)) return i;
        }
        return -1;
    }

    private static void SiftUp(Span<int> docs, Span<float> scores, int i)
    {
        while (i > 0)
        {
            var parent = (i - 1) / 2;
            if (!Less(scores[i], docs[i], scores[parent], docs[parent])) break;
            (docs[i], docs[parent]) = (docs[parent], docs[i]);
            (scores[i], scores[parent]) = (scores[parent], scores[i]);
            i = parent;
        }
    }

    private static void SiftDown(Span<int> docs, Span<float> scores, int size)
    {
        var i = 0;
        while (true)
        {
            int left = 2 * i + 1, right = left + 1, least = i;
            if (left < size && Less(scores[left], docs[left], scores[least], docs[least])) least = left;
            if (right < size && Less(scores[right], docs[right], scores[least], docs[least])) least = right;
            if (least == i) return;
            (docs[i], docs[least]) = (docs[least], docs[i]);
            (scores[i], scores[least]) = (scores[least], scores[i]);
            i = least;
        }
    }

    // Heap order: lower score first; on equal scores the later document is "smaller", so earlier ones are kept.
    private static bool Less(float a, int docA, float b, int docB) => a < b || (a == b && docA > docB);
}
