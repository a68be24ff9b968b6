namespace ExpertBot.Features.Knowledge;

/// <summary>A knowledge article in KCS shape: the issue in the customer's words, its environment, cause and resolution.</summary>
internal sealed record KnowledgeArticle(
    string Id,
    string Title,
    string Issue,
    string Environment,
    string Cause,
    string Resolution,
    string Product,
    IReadOnlyList<string> Tags)
{
    /// <summary>A past question resolved by experts (its number as the id), not a written article.</summary>
    public bool FromResolvedQuestion { get; init; }
}

/// <summary>One search hit. Confidence is the share of the question's (IDF-weighted) terms the article covers, 0..1.</summary>
internal sealed record KnowledgeMatch(KnowledgeArticle Article, double Score, double Confidence)
{
    /// <summary>The question's cosine with the article (NaN while it has no vector, or the question none).</summary>
    public double Semantic { get; init; } = double.NaN;
}
