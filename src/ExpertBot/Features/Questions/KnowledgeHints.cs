using ExpertBot.Features.Knowledge;
using ExpertBot.Features.Routing;
using Microsoft.Extensions.Options;

namespace ExpertBot.Features.Questions;

/// <summary>
/// Coordination first, used twice: the knowledge articles a question nearly matches (too loosely to offer as the answer)
/// still say what it is about. Their tags and product steer routing to the experts who know that, even when the question's
/// own words name no topic ("gets AADSTS50011 after the EU move" is a single sign-on question).
/// </summary>
internal sealed class KnowledgeHints(KnowledgeIndex knowledge, IOptions<QuestionOptions> options)
{
    /// <summary>The articles from this share of the question covered up count as what it is about.</summary>
    private const double HintConfidence = 0.3;

    public async Task<RoutingHints> ForAsync(string title, string? details, CancellationToken ct) =>
        From(await knowledge.SearchAsync(details is null ? title : $"{title}\n{details}", top: 3, ct: ct));

    public RoutingHints From(IReadOnlyList<KnowledgeMatch> matches)
    {
        var near = matches.Where(m => m.Confidence >= Math.Min(HintConfidence, options.Value.SuggestionConfidence)).ToList();
        if (near.Count == 0)
        {
            return RoutingHints.None;
        }
        var topics = near.SelectMany(m => m.Article.Tags.Select(t => (Topic: t, Source: $"the question matches the article \"{m.Article.Title}\""))).ToList();
        var product = near.Select(m => m.Article.Product).Where(p => !string.IsNullOrWhiteSpace(p))
            .GroupBy(p => p, StringComparer.OrdinalIgnoreCase).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault();
        return new RoutingHints(topics, product);
    }
}
