namespace ExpertBot.Features.Routing;

internal sealed record RoutingQuery(string Title, string Body, IReadOnlyList<string> Tags, string? AskerId);

internal sealed record RankedExpert(string ExpertId, double Score, string Why);

/// <summary>
/// The one ranker for the bot and the offline evaluation. Evidence from similar past questions
/// (accepted answers count more, recent ones more) is the main signal; topic match and a small
/// activity prior break ties among people with thin evidence.
/// </summary>
internal sealed class ExpertRanker(RoutingIndex index)
{
    private const int SimilarQuestions = 100;
    // An accepted answer is stronger evidence than any answer, but not so much that one acceptance drowns steady answerers.
    private const double AcceptedWeight = 1.5;
    private const double TagWeight = 1.0;
    private const double ActivityWeight = 0.5;
    // Recently active people are far likelier to answer now; a steep curve keeps the long-gone out of the top.
    private const double RecencyPower = 4;

    public IReadOnlyList<RankedExpert> Rank(RoutingQuery query, IEnumerable<string> pool)
    {
        var terms = Text.Tokens(query.Title).Concat(Text.Tokens(query.Body)).Concat(query.Tags.Select(t => "tag:" + t)).ToList();
        var evidence = new Dictionary<string, (double Score, int Similar, int Accepted)>(StringComparer.Ordinal);
        var maxOrder = Math.Max(1, index.MaxOrder);
        foreach (var (question, similarity) in index.Similar(terms, SimilarQuestions))
        {
            var recency = (double)question.Order / maxOrder;
            foreach (var expert in question.AnswererIds)
            {
                var accepted = expert == question.AcceptedAnswererId;
                var current = evidence.GetValueOrDefault(expert);
                evidence[expert] = (current.Score + similarity * recency * (accepted ? AcceptedWeight : 1), current.Similar + 1, current.Accepted + (accepted ? 1 : 0));
            }
        }

        var candidates = pool.Where(id => id != query.AskerId).ToList();
        var tagScores = candidates.ToDictionary(id => id, id => (Score: index.TagScore(id, query.Tags, out var tag), Tag: tag), StringComparer.Ordinal);
        var maxEvidence = Math.Max(1e-9, evidence.Values.Select(v => v.Score).DefaultIfEmpty(0).Max());
        var maxTag = Math.Max(1e-9, tagScores.Values.Select(v => v.Score).DefaultIfEmpty(0).Max());
        var maxActivity = Math.Log(2 + index.MaxContributions);

        var ranked = new List<RankedExpert>(candidates.Count);
        foreach (var id in candidates)
        {
            var ev = evidence.GetValueOrDefault(id);
            var (tagScore, tag) = tagScores[id];
            var activity = index.Activity.GetValueOrDefault(id);
            var activityPrior = Math.Log(1 + activity.Answers + activity.Accepted) / maxActivity * Math.Pow((double)activity.LastOrder / maxOrder, RecencyPower);
            var score = ev.Score / maxEvidence + TagWeight * tagScore / maxTag + ActivityWeight * activityPrior;
            ranked.Add(new RankedExpert(id, score, Explain(ev.Similar, ev.Accepted, tag, activity.Answers)));
        }
        ranked.Sort((a, b) => b.Score.CompareTo(a.Score) is var c && c != 0 ? c : string.CompareOrdinal(a.ExpertId, b.ExpertId));
        return ranked;
    }

    private static string Explain(int similar, int accepted, string? tag, int answers)
    {
        var parts = new List<string>();
        if (tag is not null)
        {
            parts.Add($"knows {tag}");
        }
        if (similar > 0)
        {
            parts.Add(accepted > 0 ? $"answered {similar} similar questions ({accepted} accepted)" : $"answered {similar} similar questions");
        }
        if (parts.Count == 0)
        {
            parts.Add(answers > 0 ? $"has answered {answers} questions" : "no related history yet");
        }
        return string.Join("; ", parts);
    }
}
