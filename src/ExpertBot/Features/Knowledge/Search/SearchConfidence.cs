namespace ExpertBot.Features.Knowledge.Search;

/// <summary>
/// How sure the bot may be that a hit answers the question, 0..1, comparable between questions (fused scores are not:
/// they are scaled per question). The largest of three readings of the same hit:
/// <list type="bullet">
/// <item>words: the share of the question's rare terms it has (idf-weighted, each term weighted by its rarity too, over
/// at least two rare terms' worth), so neither the common words a question happens to share with the index ("after",
/// "change"; or "add" once stemming makes "adds" one) nor a question made only of them decide;</item>
/// <item>meaning: how far its cosine stands above the question's tenth nearest document, as a share of the room above
/// that crowd: among bug reports that all sit near each other a cosine of 0.6 is nothing special, among the unrelated
/// articles of a support base it singles one out;</item>
/// <item>both: the two together, as a logistic fit (2,500 top and best wrong hits of shared/data/kb-search, a fit on either
/// half of the queries giving the same precision on the other half) of how often such a top hit was the right report,
/// for a hit that half the question's words and half its meaning point at.</item>
/// </list>
/// The words and meaning readings depend on neither the number of words the index knows nor the model's typical cosine.
/// Measured with eval-search --explain: docs/knowledge-search.md ("Confidence").
/// </summary>
internal static class SearchConfidence
{
    // The logistic of "both": fitted on the kb-search explain file with stemming (rounded; either half alone gave
    // -3.0..-3.4, 2.6..2.8, 4.4..5.0).
    private const double Bias = -3.2;
    private const double WordsWeight = 2.7;
    private const double MeaningWeight = 4.7;

    /// <summary>
    /// <paramref name="coverage"/>: share of the question's rare terms the document has (0 unless two or more);
    /// <paramref name="cosine"/>: the question's similarity with the document (NaN when it has no vector yet);
    /// <paramref name="crowd"/>: the cosine of the question's tenth nearest document (NaN when there is no crowd).
    /// </summary>
    public static double Of(double coverage, double cosine, double crowd)
    {
        var meaning = Meaning(cosine, crowd);
        if (coverage <= 0 && meaning <= 0)
        {
            return 0; // nothing points at it: no confidence, not the logistic's base rate
        }
        var both = 1 / (1 + Math.Exp(-(Bias + WordsWeight * coverage + MeaningWeight * meaning)));
        return Math.Max(Math.Max(coverage, meaning), both);
    }

    /// <summary>The cosine's height above the crowd's, as a share of the room above the crowd, 0..1.</summary>
    public static double Meaning(double cosine, double crowd) =>
        double.IsNaN(cosine) || double.IsNaN(crowd) || crowd >= 1 ? 0 : Math.Clamp((cosine - crowd) / (1 - crowd), 0, 1);
}
