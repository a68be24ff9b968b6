namespace ExpertBot.Features.Knowledge.Search;

/// <summary>What a searchable document is: it decides nothing in ranking, only what a filter can ask for.</summary>
internal enum DocumentKind
{
    Article,
    ResolvedQuestion,
    Idea,
}

/// <summary>One searchable document version. The same id added again replaces the previous version.</summary>
internal sealed record SearchDocument(string Id, string Title, string Body, string Product, DocumentKind Kind);

/// <summary>Restricts a search to a product and/or to some kinds; null parts allow everything.</summary>
internal sealed record SearchFilter(string? Product = null, IReadOnlySet<DocumentKind>? Kinds = null)
{
    public bool Allows(SearchDocument document) =>
        (Product is null || string.Equals(Product, document.Product, StringComparison.OrdinalIgnoreCase))
        && (Kinds is null || Kinds.Contains(document.Kind));
}

/// <summary>
/// One hit. Score is the fused relevance (only comparable within one search); Confidence (0..1) is comparable across
/// searches and is what the bot thresholds (see <see cref="SearchConfidence"/>). Lexical is the share of the question's known
/// terms the document has, weighted by idf and rarity; Semantic the question's cosine with it (best passage blended with
/// title), NaN while it has no vector.
/// </summary>
internal sealed record SearchHit(SearchDocument Document, double Score, double Confidence, double Lexical, double Semantic)
{
    /// <summary>The cosine of the question's tenth nearest document (NaN without vectors): the crowd Semantic is read against.</summary>
    public double Crowd { get; init; } = double.NaN;
}

/// <summary>A question's vectors: of its text (cut to the words the model reads) and of its first line alone (the same when one line).</summary>
internal sealed record QueryVectors(float[] Text, float[] Title)
{
    /// <summary>No vectors: the search goes by words alone.</summary>
    public static QueryVectors None { get; } = new([], []);
}
