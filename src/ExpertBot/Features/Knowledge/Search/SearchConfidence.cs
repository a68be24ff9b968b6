namespace ExpertBot.Features.Knowledge.Search;

/// <summary>
/// How sure the bot may be that a hit answers the question, 0..1, comparable between questions (fused scores are not:
/// they are scaled per question). The larger of two readings of the same hit: the share of the question's known terms it
/// covers (as the words-only search had it, so existing thresholds keep their meaning), and its cosine mapped linearly
/// from 0.5 (0) to 1.0 (1). Measured on shared/data/kb-search with the default model (eval-search --explain): at 0.6 the
/// top hit was the right report for 87% of the questions that reached it, and when the right report was taken out, 6.5%
/// of questions still reached 0.6 with a wrong one. See docs/knowledge-search.md.
/// </summary>
internal static class SearchConfidence
{
    /// <summary>Cosine at which the semantic reading starts above 0: on that data most unrelated reports reach about 0.5.</summary>
    public const double SemanticFloor = 0.5;

    /// <summary>
    /// <paramref name="coverage"/>: share of the question's idf-weighted known terms the document has (0 unless two or more);
    /// <paramref name="cosine"/>: the question's similarity with the document (NaN when it has no vector yet).
    /// </summary>
    public static double Of(double coverage, double cosine)
    {
        var semantic = double.IsNaN(cosine) ? 0 : Math.Clamp((cosine - SemanticFloor) / (1 - SemanticFloor), 0, 1);
        return Math.Max(coverage, semantic);
    }
}
