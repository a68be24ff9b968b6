using System.Buffers;

namespace ExpertBot.Features.Knowledge.Search;

internal sealed partial class HybridIndex
{
    // Below this many documents a search takes well under a millisecond and a second thread costs more than it saves.
    private const int ParallelFrom = 20_000;

    // The crowd a hit's cosine is read against: the tenth nearest document, found among the 32 nearest by the scan.
    private const int CrowdRank = 10;
    private const int CrowdCandidates = 32;

    /// <summary>Embeds the question and searches; see <see cref="Search"/>.</summary>
    public async Task<IReadOnlyList<SearchHit>> SearchAsync(string query, int top, SearchFilter? filter = null, CancellationToken ct = default)
    {
        var vectors = await EmbedQueryAsync(query, ct);
        return Search(query, vectors, top, filter);
    }

    /// <summary>The vectors of a question as the model reads questions: its text, and its first line (the title) alone.</summary>
    public async Task<QueryVectors> EmbedQueryAsync(string query, CancellationToken ct)
    {
        var texts = QueryTexts(query);
        var embeddings = await _model.Generator.GenerateAsync(texts, cancellationToken: ct);
        var text = embeddings[0].Vector.ToArray();
        return new QueryVectors(text, texts.Length > 1 ? embeddings[1].Vector.ToArray() : text);
    }

    /// <summary>What the model reads of a question: its text cut to QueryWords, then its title when that differs.</summary>
    public string[] QueryTexts(string query)
    {
        var text = _model.QueryPrefix + SearchText.Query(query, Math.Min(_options.QueryWords, _model.MaxWords));
        if (!TitleVectors)
        {
            return [text];
        }
        var title = _model.QueryPrefix + SearchText.Query(SearchText.FirstLine(query), Math.Min(_options.QueryWords, _model.MaxWords));
        return title == text ? [text] : [text, title];
    }

    /// <summary>
    /// The best <paramref name="top"/> documents for a question whose vector is already known, best first. Every document
    /// the filter allows is scored by both signals; those with neither a shared term nor any similarity still rank
    /// (last), so a caller asking for the whole pool gets it. An empty vector searches by words alone.
    /// </summary>
    public IReadOnlyList<SearchHit> Search(string query, QueryVectors vectors, int top, SearchFilter? filter = null)
    {
        var queryVector = vectors.Text.AsSpan();
        if (top <= 0)
        {
            return [];
        }
        // The question's first line is its title: its terms count as many times as a document's title terms do.
        var terms = SearchText.Terms(query, _options.Stemming).Distinct(StringComparer.Ordinal).ToDictionary(t => t, _ => 1f, StringComparer.Ordinal);
        var titleWeight = (float)Math.Max(1, _options.TitleWeight);
        foreach (var term in SearchText.Terms(SearchText.FirstLine(query), _options.Stemming))
        {
            terms[term] = titleWeight;
        }
        if (!queryVector.IsEmpty && queryVector.Length != _model.Dimensions)
        {
            throw new ArgumentException($"A {queryVector.Length}-dimensional question vector for {_model.Id}.", nameof(vectors));
        }
        if (!queryVector.IsEmpty && vectors.Title.Length != queryVector.Length)
        {
            throw new ArgumentException($"A {vectors.Title.Length}-dimensional title vector for {_model.Id}.", nameof(vectors));
        }
        // The raw question: what the cosines a hit reports (and its confidence) are measured with.
        var raw = Widen(queryVector, vectors.Title);

        _lock.EnterReadLock();
        var n = _slots;
        var lexical = ArrayPool<float>.Shared.Rent(n);
        var rare = ArrayPool<float>.Shared.Rent(n);
        var matched = ArrayPool<int>.Shared.Rent(n);
        var semantic = ArrayPool<float>.Shared.Rent(n);
        try
        {
            if (_live == 0)
            {
                return [];
            }
            // The question as the scan compares it: centred on the collection as it is now (see CleanQuery).
            var scan = raw;
            if (_options.CenterVectors && !queryVector.IsEmpty)
            {
                var (text, title) = CleanQuery(queryVector, vectors.Title);
                scan = Widen(text, title);
            }
            lexical.AsSpan(0, n).Clear();
            rare.AsSpan(0, n).Clear();
            matched.AsSpan(0, n).Clear();
            semantic.AsSpan(0, n).Fill(float.NaN); // no vector (yet)
            // The scans write different arrays (or halves): on a large index they run side by side, under this thread's read
            // lock (the helpers end before the lock is released).
            var withVectors = !queryVector.IsEmpty;
            double totalWeight;
            if (withVectors && n >= ParallelFrom)
            {
                var lexicalScan = Task.Run(() => ScoreLexical(terms, lexical, rare, matched));
                var firstHalf = Task.Run(() => ScoreSemantic(scan, semantic, 0, n / 2));
                ScoreSemantic(scan, semantic, n / 2, n);
                firstHalf.GetAwaiter().GetResult();
                totalWeight = lexicalScan.GetAwaiter().GetResult();
            }
            else
            {
                totalWeight = ScoreLexical(terms, lexical, rare, matched);
                if (withVectors)
                {
                    ScoreSemantic(scan, semantic, 0, n);
                }
            }
            var scores = Fuse(lexical, semantic, filter);
            var crowd = withVectors ? Crowd(semantic, scores, n, raw, ReferenceEquals(scan, raw)) : double.NaN;
            // What the question's rare terms would weigh if it had two, each in one document only, at its heaviest weight.
            var rareFloor = 2 * terms.Values.DefaultIfEmpty(1f).Max() * MaxIdf();
            try
            {
                return Top(scores, n, top, slot =>
                {
                    // One shared word is a coincidence, not an answer: coverage needs at least two. A question whose known
                    // words are all common ones ("an hour late after the DST change": "after", "change") has less than the
                    // floor to share, so sharing it all is not sure either.
                    var coverage = matched[slot] < 2 ? 0 : rare[slot] / Math.Max(totalWeight, rareFloor);
                    var cosine = ReferenceEquals(scan, raw) || float.IsNaN(semantic[slot]) ? semantic[slot] : Semantic(raw, slot);
                    return new SearchHit(_docs[slot]!, scores[slot], SearchConfidence.Of(coverage, cosine, crowd), coverage, cosine) { Crowd = crowd };
                });
            }
            finally
            {
                ArrayPool<double>.Shared.Return(scores);
            }
        }
        finally
        {
            _lock.ExitReadLock();
            ArrayPool<float>.Shared.Return(lexical);
            ArrayPool<float>.Shared.Return(rare);
            ArrayPool<int>.Shared.Return(matched);
            ArrayPool<float>.Shared.Return(semantic);
        }
    }

    /// <summary>
    /// BM25 per slot, and per slot the rarity-weighted idf of the question's terms it has (<see cref="RareWeight"/>);
    /// returns that weight summed over the question's terms the index knows (the base of coverage).
    /// </summary>
    private double ScoreLexical(Dictionary<string, float> terms, float[] lexical, float[] rare, int[] matched)
    {
        var k1 = (float)_options.K1;
        var b = (float)_options.B;
        var averageLength = (float)(_totalLength / _live);
        var totalRare = 0.0;
        var maxIdf = MaxIdf();
        foreach (var (term, queryWeight) in terms)
        {
            // Terms no document uses (case numbers, names, typos) say nothing either way: they are left out of coverage too,
            // or every question carrying a reference number would look unanswerable.
            if (!_postings.TryGetValue(term, out var postings) || postings.Live == 0)
            {
                continue;
            }
            var termIdf = (float)Math.Log(1 + (_live - postings.Live + 0.5) / (postings.Live + 0.5));
            var idf = queryWeight * termIdf;
            var rareWeight = RareWeight(idf, termIdf, maxIdf);
            totalRare += rareWeight;
            var slots = postings.Slots;
            var weights = postings.Weights;
            for (var i = 0; i < postings.Count; i++)
            {
                var slot = slots[i];
                if (_docs[slot] is null)
                {
                    continue;
                }
                var tf = weights[i];
                lexical[slot] += idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * _lengths[slot] / averageLength));
                rare[slot] += rareWeight;
                matched[slot]++;
            }
        }
        return totalRare;
    }

    /// <summary>The idf of a term only one document has: the rarest a known term can be.</summary>
    private double MaxIdf() => Math.Log(1 + (_live - 0.5) / 1.5);

    /// <summary>
    /// A term's weight in the confidence's coverage: its idf scaled by how rare it is (idf over the largest idf), so a
    /// word many documents use ("after", "change", or "add" once stemming makes "adds" one) counts little whether the
    /// document has it or not, and the rare words that say what the question is about decide.
    /// </summary>
    private static float RareWeight(float weightedIdf, float idf, double maxIdf) => (float)(weightedIdf * idf / Math.Max(maxIdf, 1e-6));

    /// <summary>
    /// The raw cosine of the question's tenth nearest allowed document (of the least near one in a pool of fewer than
    /// ten; NaN with fewer than two): the crowd a hit must stand out from. Bug reports all sit near each other (a tenth
    /// nearest at about 0.45), a support question far from the unrelated articles of a small base (about 0.1), so the
    /// same cosine means more in the second. Candidates are the nearest by the scan's (centred) score and re-measured
    /// raw, so the reading is the same with centring or without.
    /// </summary>
    private double Crowd(float[] semantic, double[] scores, int n, ScanQuery raw, bool scanIsRaw)
    {
        var near = new PriorityQueue<int, float>(CrowdCandidates + 1);
        for (var slot = 0; slot < n; slot++)
        {
            if (double.IsNaN(scores[slot]) || float.IsNaN(semantic[slot]))
            {
                continue;
            }
            if (near.Count < CrowdCandidates)
            {
                near.Enqueue(slot, semantic[slot]);
            }
            else if (near.TryPeek(out _, out var lowest) && semantic[slot] > lowest)
            {
                near.EnqueueDequeue(slot, semantic[slot]);
            }
        }
        if (near.Count < 2)
        {
            return double.NaN;
        }
        var cosines = new List<float>(near.Count);
        while (near.TryDequeue(out var slot, out _))
        {
            cosines.Add(scanIsRaw ? semantic[slot] : Semantic(raw, slot));
        }
        cosines.Sort((a, b) => b.CompareTo(a));
        return cosines[Math.Min(CrowdRank, cosines.Count) - 1];
    }

    /// <summary>A question's two vectors quantised and widened for the scan.</summary>
    private ScanQuery Widen(ReadOnlySpan<float> text, ReadOnlySpan<float> title)
    {
        var row = new sbyte[_width];
        var textScale = Int8Vectors.Quantize(text, row);
        var wideText = Int8Vectors.Widen(row);
        var titleScale = Int8Vectors.Quantize(title, row);
        return new ScanQuery(wideText, textScale, Int8Vectors.Widen(row), titleScale);
    }

    /// <summary>Every document's semantic score (see <see cref="Semantic"/>). Brute force over every stored row.</summary>
    private void ScoreSemantic(ScanQuery query, float[] semantic, int from, int to)
    {
        for (var slot = from; slot < to; slot++)
        {
            if (_rowsOf[slot].Count != 0 && _docs[slot] is not null)
            {
                semantic[slot] = Semantic(query, slot);
            }
        }
    }

    /// <summary>
    /// The question's cosine with the document's best passage, blended with the question title's cosine with the
    /// document's title (TitleSimilarityWeight).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private float Semantic(ScanQuery query, int slot)
    {
        var rows = _rows;
        var (first, count) = _rowsOf[slot];
        var passages = _titled[slot] ? count - 1 : count;
        var best = float.MinValue;
        for (var row = first; row < first + passages; row++)
        {
            best = Math.Max(best, Int8Vectors.Dot(query.Text, rows.AsSpan(row * _width, _width)) * _scales[row]);
        }
        best *= query.TextScale;
        if (_titled[slot])
        {
            var beta = (float)_options.TitleSimilarityWeight;
            var row = first + count - 1;
            var titleCosine = Int8Vectors.Dot(query.Title, rows.AsSpan(row * _width, _width)) * _scales[row] * query.TitleScale;
            best = passages == 0 ? titleCosine : (1 - beta) * best + beta * titleCosine;
        }
        return best;
    }

    private sealed record ScanQuery(short[] Text, float TextScale, short[] Title, float TitleScale);

    /// <summary>The fused score of every allowed slot (NaN for empty or filtered-out slots).</summary>
    private double[] Fuse(float[] lexical, float[] semantic, SearchFilter? filter)
    {
        var n = _slots;
        var fused = ArrayPool<double>.Shared.Rent(n);
        var lexicalMax = 0f;
        var semanticMax = float.MinValue;
        double semanticSum = 0;
        var allowed = 0;
        var withVectors = 0;
        for (var slot = 0; slot < n; slot++)
        {
            if (_docs[slot] is not { } doc || (filter is not null && !filter.Allows(doc)))
            {
                fused[slot] = double.NaN;
                continue;
            }
            fused[slot] = 0; // a pooled array: NaN left from an earlier search would read as "not allowed"
            lexicalMax = Math.Max(lexicalMax, lexical[slot]);
            if (!float.IsNaN(semantic[slot]))
            {
                semanticMax = Math.Max(semanticMax, semantic[slot]);
                semanticSum += semantic[slot];
                withVectors++;
            }
            allowed++;
        }
        if (allowed == 0)
        {
            return fused;
        }
        switch (_options.Fusion)
        {
            case FusionMethod.Rrf:
                Rrf(lexical, semantic, fused);
                break;
            case FusionMethod.ZScore:
                ZScore(lexical, semantic, fused);
                break;
            default:
                var w = _options.Fusion switch
                {
                    FusionMethod.LexicalOnly => 0.0,
                    FusionMethod.SemanticOnly => 1.0,
                    _ => _options.SemanticWeight,
                };
                // Lexical scores are scaled by the best one (BM25 has no fixed range, 0 means no shared term). Cosines are
                // scaled between the mean over the pool (what an unrelated document scores with this question) and the
                // best, so one question's spread is comparable with another's whatever the model's typical cosine.
                // A document still waiting for its vector has only its lexical part.
                var semanticFloor = withVectors == 0 ? 0 : semanticSum / withVectors;
                var semanticRange = Math.Max(1e-6, semanticMax - semanticFloor);
                for (var slot = 0; slot < n; slot++)
                {
                    if (double.IsNaN(fused[slot]))
                    {
                        continue;
                    }
                    var lex = lexicalMax > 0 ? lexical[slot] / lexicalMax : 0;
                    var sem = float.IsNaN(semantic[slot]) ? 0 : (semantic[slot] - semanticFloor) / semanticRange;
                    fused[slot] = w * sem + (1 - w) * lex;
                }
                break;
        }
        return fused;
    }

    /// <summary>
    /// w * z(semantic) + (1 - w) * z(lexical), z over the allowed pool. A signal that singles one document out (a report
    /// sharing rare words with the question) gets a large z and carries the fusion; a signal spread flat over many
    /// documents (a question in other words than the article) gets small ones and leaves the decision to the other.
    /// </summary>
    private void ZScore(float[] lexical, float[] semantic, double[] fused)
    {
        double lexSum = 0, lexSquares = 0, semSum = 0, semSquares = 0;
        int count = 0, withVectors = 0;
        for (var slot = 0; slot < _slots; slot++)
        {
            if (double.IsNaN(fused[slot]))
            {
                continue;
            }
            count++;
            lexSum += lexical[slot];
            lexSquares += (double)lexical[slot] * lexical[slot];
            if (!float.IsNaN(semantic[slot]))
            {
                withVectors++;
                semSum += semantic[slot];
                semSquares += (double)semantic[slot] * semantic[slot];
            }
        }
        var lexMean = lexSum / count;
        var lexStd = Math.Sqrt(Math.Max(0, lexSquares / count - lexMean * lexMean));
        var semMean = withVectors == 0 ? 0 : semSum / withVectors;
        var semStd = withVectors == 0 ? 0 : Math.Sqrt(Math.Max(0, semSquares / withVectors - semMean * semMean));
        var w = _options.SemanticWeight;
        for (var slot = 0; slot < _slots; slot++)
        {
            if (double.IsNaN(fused[slot]))
            {
                continue;
            }
            var lex = lexStd > 1e-9 ? (lexical[slot] - lexMean) / lexStd : 0;
            var sem = semStd > 1e-9 && !float.IsNaN(semantic[slot]) ? (semantic[slot] - semMean) / semStd : 0;
            fused[slot] = w * sem + (1 - w) * lex;
        }
    }

    private void Rrf(float[] lexical, float[] semantic, double[] fused)
    {
        const double k = 60;
        var allowed = Enumerable.Range(0, _slots).Where(s => !double.IsNaN(fused[s])).ToArray();
        foreach (var slot in allowed)
        {
            fused[slot] = 0;
        }
        var byLexical = allowed.Where(s => lexical[s] > 0).OrderByDescending(s => lexical[s]).ToArray();
        for (var rank = 0; rank < byLexical.Length; rank++)
        {
            fused[byLexical[rank]] += 1 / (k + rank + 1);
        }
        var bySemantic = allowed.Where(s => !float.IsNaN(semantic[s])).OrderByDescending(s => semantic[s]).ToArray();
        for (var rank = 0; rank < bySemantic.Length; rank++)
        {
            fused[bySemantic[rank]] += 1 / (k + rank + 1);
        }
    }

    private static List<SearchHit> Top(double[] scores, int count, int top, Func<int, SearchHit> hit)
    {
        var heap = new PriorityQueue<int, double>(top + 1);
        for (var slot = 0; slot < count; slot++)
        {
            var score = scores[slot];
            if (double.IsNaN(score))
            {
                continue;
            }
            if (heap.Count < top)
            {
                heap.Enqueue(slot, score);
            }
            else if (heap.TryPeek(out _, out var lowest) && score > lowest)
            {
                heap.EnqueueDequeue(slot, score);
            }
        }
        var hits = new List<SearchHit>(heap.Count);
        while (heap.TryDequeue(out var slot, out _))
        {
            hits.Add(hit(slot));
        }
        hits.Sort((a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : string.CompareOrdinal(a.Document.Id, b.Document.Id));
        return hits;
    }
}
