using ExpertBot.Features.Knowledge;
using ExpertBot.Features.Routing;
using Microsoft.Extensions.Options;

namespace ExpertBot.Features.Questions;

/// <summary>
/// Coordination first, used twice: the knowledge articles a question nearly matches (too loosely to offer as the answer)
/// still say what it is about. Their tags and product steer routing to the experts who know that, even when the question's
/// own words name no topic ("gets AADSTS50011 after the EU move" is a single sign-on question). With a language model
/// configured, its reading of the question (<see cref="ModelTopics"/>: listed topics only) gives the topics instead, and
/// these search-based ones are the fallback.
/// </summary>
internal sealed class KnowledgeHints(KnowledgeIndex knowledge, ModelTopics model, IOptions<QuestionOptions> options)
{
    /// <summary>The articles from this share of the question covered up count as what it is about.</summary>
    private const double HintConfidence = 0.3;

    /// <summary>Where a topic from the model came from, as the routing explanation says it.</summary>
    public const string ModelSource = "a language model read the question as about it";

    public async Task<RoutingHints> ForAsync(string title, string? details, CancellationToken ct) =>
        await WithModelAsync(From(await knowledge.SearchAsync(details is null ? title : $"{title}\n{details}", top: 3, ct: ct)), title, details, [], ct);

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

    /// <summary>
    /// The model's topics in place of <paramref name="search"/>'s (its product stays: the model picks no pool); the
    /// search-based hints unchanged when there is no model, or it failed, timed out or named nothing on its list.
    /// </summary>
    public async Task<RoutingHints> WithModelAsync(RoutingHints search, string title, string? details, IReadOnlyList<string> personalNames, CancellationToken ct) =>
        model.Configured && await model.ExtractAsync(title, details, personalNames, ct) is { Count: > 0 } topics
            ? new RoutingHints([.. topics.Select(t => (t, ModelSource))], search.Product)
            : search;
}
