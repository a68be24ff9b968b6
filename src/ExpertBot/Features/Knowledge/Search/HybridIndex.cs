using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace ExpertBot.Features.Knowledge.Search;

/// <summary>
/// The knowledge search: BM25 over title and body beside dense vectors of the same documents, fused per query.
/// Documents can be added, replaced and removed at any time from any thread: their vectors are computed (or read from
/// the <see cref="EmbeddingCache"/>) outside the lock, and the new version replaces the old one in one step, so a search
/// sees either version whole. Searches run side by side under a read lock; both scans are brute force over arrays
/// (postings for the terms of the query, every stored vector), which stays within a few milliseconds at 100,000 documents.
/// </summary>
internal sealed partial class HybridIndex : IDisposable
{
    private const int EmbedBatch = 64;
    private const int StageChunk = 1024;
    private readonly ReaderWriterLockSlim _lock = new();
    private readonly KnowledgeSearchOptions _options;
    private readonly EmbeddingModel _model;
    private readonly EmbeddingCache _cache;
    private readonly int _width;
    private readonly ConcurrentDictionary<Task, byte> _embedding = new();

    // Documents live in slots; a removed or replaced document leaves its slot empty until the next compaction.
    private readonly Dictionary<string, int> _slotById = new(StringComparer.Ordinal);
    private SearchDocument?[] _docs = new SearchDocument?[64];
    private float[] _lengths = new float[64];
    private (int First, int Count)[] _rowsOf = new (int, int)[64];
    private bool[] _titled = new bool[64]; // the slot's last row is its title's
    private int _slots;
    private int _live;
    private double _totalLength;

    // Lexical: term -> (slot, weighted term frequency) pairs, appended as documents come.
    private readonly Dictionary<string, Postings> _postings = new(StringComparer.Ordinal);

    // Semantic: one quantised row per passage (a document's rows are contiguous: _rowsOf), rows of vacated slots stay until compaction.
    private sbyte[] _rows = [];
    private float[] _scales = [];
    private int _rowCount;

    // The sums of the live documents' passage rows and title rows (as unit vectors), for centring the question.
    private readonly double[] _passageSum;
    private readonly double[] _titleSum;
    private int _passageRows;
    private int _titleRows;

    public HybridIndex(KnowledgeSearchOptions options, EmbeddingModel model, EmbeddingCache cache)
    {
        if (cache.Dimensions != model.Dimensions || cache.ModelId != model.Id)
        {
            throw new ArgumentException($"The cache holds {cache.ModelId} vectors, not {model.Id}.", nameof(cache));
        }
        _options = options;
        _model = model;
        _cache = cache;
        _width = Int8Vectors.Padded(model.Dimensions);
        _passageSum = new double[model.Dimensions];
        _titleSum = new double[model.Dimensions];
    }

    public EmbeddingModel Model => _model;

    private bool TitleVectors => _options.TitleSimilarityWeight > 0;

    public EmbeddingCache Cache => _cache;

    public int Count
    {
        get
        {
            _lock.EnterReadLock();
            try { return _live; }
            finally { _lock.ExitReadLock(); }
        }
    }

    public SearchDocument? Find(string id)
    {
        _lock.EnterReadLock();
        try { return _slotById.TryGetValue(id, out var slot) ? _docs[slot] : null; }
        finally { _lock.ExitReadLock(); }
    }

    public Task UpsertAsync(SearchDocument document, CancellationToken ct) => UpsertManyAsync([document], ct);

    /// <summary>
    /// Adds the documents, replacing any earlier version of the same id. They are searchable by their words when this
    /// returns (the returned task may still be running), and by meaning once the task completes: vectors found in the cache
    /// come in at once, the others when the model has embedded them. A caller that must not wait (a turn, the start-up)
    /// can leave the task running; one that needs the full index awaits it.
    /// </summary>
    public Task UpsertManyAsync(IReadOnlyList<SearchDocument> documents, CancellationToken ct)
    {
        var missing = new List<Missing>();
        // In chunks: a chunk's terms and rows are garbage once inserted, so a restart that loads the whole base does not
        // hold it all twice (staged and indexed), which made most of its time garbage collection.
        for (var start = 0; start < documents.Count; start += StageChunk)
        {
            var count = Math.Min(StageChunk, documents.Count - start);
            var prepared = new Prepared[count];
            var missingPerDoc = new List<Missing>?[count];
            // Terms, hashes and cached vectors per document, in parallel for a large batch.
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = count < 256 ? 1 : -1 }, i =>
                prepared[i] = Stage(documents[start + i], ref missingPerDoc[i]));
            _lock.EnterWriteLock();
            try
            {
                foreach (var p in prepared)
                {
                    if (_slotById.TryGetValue(p.Document.Id, out var old))
                    {
                        Vacate(old);
                    }
                    Insert(p);
                }
                if (_slots - _live > Math.Max(1024, _live))
                {
                    Compact();
                }
            }
            finally
            {
                _lock.ExitWriteLock();
            }
            foreach (var list in missingPerDoc)
            {
                if (list is not null)
                {
                    missing.AddRange(list);
                }
            }
        }
        if (missing.Count == 0)
        {
            return Task.CompletedTask;
        }
        var embedding = EmbedMissingAsync(missing, ct);
        _embedding.TryAdd(embedding, 0);
        _ = embedding.ContinueWith(t => _embedding.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return embedding;
    }

    /// <summary>A document's terms, passages and the vectors the cache has; the passages it lacks are listed in <paramref name="missing"/>.</summary>
    private Prepared Stage(SearchDocument doc, ref List<Missing>? missing)
    {
        var passages = SearchText.Passages(doc.Title, doc.Body, Math.Min(_options.PassageWords, _model.MaxWords), _options.MaxPassages);
        var titled = TitleVectors && SearchText.Words(doc.Title).Length > 0;
        if (titled)
        {
            // The title alone, last: what the document is about, without the noise a long body brings.
            passages.Add(SearchText.Query(doc.Title, _model.MaxWords));
        }
        var rows = new sbyte[passages.Count * _width];
        Span<float> buffer = stackalloc float[_model.Dimensions];
        var scales = new float[passages.Count];
        var prepared = new Prepared(doc, Terms(doc), rows, scales) { Titled = titled };
        for (var p = 0; p < passages.Count; p++)
        {
            var text = _model.DocumentPrefix + passages[p];
            var key = EmbeddingCache.Key(text);
            if (_cache.TryGet(key, buffer))
            {
                scales[p] = Int8Vectors.Quantize(buffer, rows.AsSpan(p * _width, _width));
            }
            else
            {
                (missing ??= []).Add(new Missing(prepared, p, text, key));
            }
        }
        return missing is null ? prepared with { HasVectors = true } : prepared;
    }

    /// <summary>Completes when every document added so far has its vectors (or its embedding failed: see the tasks returned on adding).</summary>
    public Task WhenEmbeddedAsync() => Task.WhenAll(_embedding.Keys.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));

    /// <summary>Embeds each distinct missing text once, in batches, stores it, then gives the documents their vectors.</summary>
    private async Task EmbedMissingAsync(List<Missing> missing, CancellationToken ct)
    {
        foreach (var batch in missing.DistinctBy(m => m.Key).Chunk(EmbedBatch))
        {
            var embeddings = await _model.Generator.GenerateAsync(batch.Select(m => m.Text), cancellationToken: ct);
            if (embeddings.Count != batch.Length)
            {
                throw new InvalidOperationException($"{_model.Id} returned {embeddings.Count} vectors for {batch.Length} texts.");
            }
            var fresh = new List<(UInt128, float[])>(batch.Length);
            for (var i = 0; i < batch.Length; i++)
            {
                var vector = embeddings[i].Vector.ToArray();
                if (vector.Length != _model.Dimensions)
                {
                    throw new InvalidOperationException($"{_model.Id} returned {vector.Length} dimensions, {_model.Dimensions} expected.");
                }
                fresh.Add((batch[i].Key, vector));
            }
            _cache.Add(fresh);
            var byKey = fresh.ToDictionary(f => f.Item1, f => f.Item2);
            foreach (var m in missing.Where(m => byKey.ContainsKey(m.Key)))
            {
                m.Document.Scales[m.Passage] = Int8Vectors.Quantize(byKey[m.Key], m.Document.Rows.AsSpan(m.Passage * _width, _width));
            }
        }
        _lock.EnterWriteLock();
        try
        {
            foreach (var p in missing.Select(m => m.Document).Distinct())
            {
                // Only the version that was embedded: a newer one (or a removal) in the meantime wins.
                if (_slotById.TryGetValue(p.Document.Id, out var slot) && ReferenceEquals(_docs[slot], p.Document))
                {
                    AppendRows(slot, p.Rows, p.Scales);
                }
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Removes the document; false when no document has that id.</summary>
    public bool Remove(string id)
    {
        _lock.EnterWriteLock();
        try
        {
            if (!_slotById.TryGetValue(id, out var slot))
            {
                return false;
            }
            Vacate(slot);
            return true;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    private Dictionary<string, float> Terms(SearchDocument doc)
    {
        var weights = new Dictionary<string, float>(StringComparer.Ordinal);
        foreach (var term in SearchText.Terms(doc.Title, _options.Stemming))
        {
            weights[term] = weights.GetValueOrDefault(term) + (float)_options.TitleWeight;
        }
        foreach (var term in SearchText.Terms(doc.Body, _options.Stemming))
        {
            weights[term] = weights.GetValueOrDefault(term) + 1;
        }
        return weights;
    }

    private void Insert(Prepared p)
    {
        var slot = _slots++;
        if (slot == _docs.Length)
        {
            Array.Resize(ref _docs, slot * 2);
            Array.Resize(ref _lengths, slot * 2);
            Array.Resize(ref _rowsOf, slot * 2);
            Array.Resize(ref _titled, slot * 2);
        }
        _docs[slot] = p.Document;
        _slotById[p.Document.Id] = slot;
        var length = p.Terms.Values.Sum();
        _lengths[slot] = length;
        _totalLength += length;
        _live++;
        foreach (var (term, weight) in p.Terms)
        {
            ref var postings = ref CollectionsMarshal.GetValueRefOrAddDefault(_postings, term, out _);
            (postings ??= new Postings()).Add(slot, weight);
        }
        _rowsOf[slot] = (0, 0);
        _titled[slot] = p.Titled;
        if (p.HasVectors)
        {
            AppendRows(slot, p.Rows, p.Scales);
        }
    }

    private void AppendRows(int slot, sbyte[] rows, float[] scales)
    {
        var count = scales.Length;
        if (_rowCount + count > _scales.Length)
        {
            var capacity = Math.Max(64, Math.Max(_rowCount + count, _scales.Length * 2));
            Array.Resize(ref _rows, capacity * _width);
            Array.Resize(ref _scales, capacity);
        }
        rows.CopyTo(_rows.AsSpan(_rowCount * _width));
        scales.CopyTo(_scales.AsSpan(_rowCount));
        _rowsOf[slot] = (_rowCount, count);
        _rowCount += count;
        AddToMeans(slot, 1);
    }

    /// <summary>Adds (sign 1) or takes away (-1) the slot's rows in the sums the question is centred with.</summary>
    private void AddToMeans(int slot, int sign)
    {
        var (first, count) = _rowsOf[slot];
        for (var row = first; row < first + count; row++)
        {
            var title = _titled[slot] && row == first + count - 1;
            var sum = title ? _titleSum : _passageSum;
            var scale = sign * _scales[row];
            var values = _rows.AsSpan(row * _width, sum.Length);
            for (var i = 0; i < sum.Length; i++)
            {
                sum[i] += values[i] * scale;
            }
            if (title)
            {
                _titleRows += sign;
            }
            else
            {
                _passageRows += sign;
            }
        }
    }

    // The slot's postings and rows stay until compaction; every scan skips empty slots.
    private void Vacate(int slot)
    {
        var doc = _docs[slot]!;
        foreach (var term in Terms(doc).Keys)
        {
            _postings[term].Live--;
        }
        _slotById.Remove(doc.Id);
        AddToMeans(slot, -1);
        _docs[slot] = null;
        _totalLength -= _lengths[slot];
        _live--;
    }

    /// <summary>Rebuilds the arrays from the live documents once empty slots outnumber them.</summary>
    private void Compact()
    {
        var live = new List<Prepared>(_live);
        for (var slot = 0; slot < _slots; slot++)
        {
            if (_docs[slot] is { } doc)
            {
                var (first, count) = _rowsOf[slot];
                live.Add(new Prepared(doc, Terms(doc), _rows.AsSpan(first * _width, count * _width).ToArray(), _scales.AsSpan(first, count).ToArray())
                {
                    HasVectors = count > 0,
                    Titled = _titled[slot],
                });
            }
        }
        _slotById.Clear();
        _postings.Clear();
        Array.Clear(_docs);
        _slots = _live = _rowCount = _passageRows = _titleRows = 0;
        _totalLength = 0;
        Array.Clear(_passageSum);
        Array.Clear(_titleSum);
        foreach (var p in live)
        {
            Insert(p);
        }
    }

    public void Dispose() => _lock.Dispose();

    private sealed record Missing(Prepared Document, int Passage, string Text, UInt128 Key);

    private sealed record Prepared(SearchDocument Document, Dictionary<string, float> Terms, sbyte[] Rows, float[] Scales)
    {
        public bool HasVectors { get; init; }

        public bool Titled { get; init; }
    }

    /// <summary>A growable pair of arrays: cheaper to scan than a list of tuples.</summary>
    private sealed class Postings
    {
        public int[] Slots = new int[4];
        public float[] Weights = new float[4];
        public int Count;

        /// <summary>Live documents with the term (its document frequency); Count also holds vacated slots' entries.</summary>
        public int Live;

        public void Add(int slot, float weight)
        {
            if (Count == Slots.Length)
            {
                Array.Resize(ref Slots, Count * 2);
                Array.Resize(ref Weights, Count * 2);
            }
            Slots[Count] = slot;
            Weights[Count] = weight;
            Count++;
            Live++;
        }
    }
}
