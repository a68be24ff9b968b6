namespace ExpertBot.Features.Routing;

/// <summary>
/// Inverted index over directory profiles: term -> expert -> field-weighted frequency. Skills and
/// responsibilities are what a person is for and weigh three times free text; they also match question
/// tags ("billing" skill = tag billing), since tags/products are how questions name topics.
/// </summary>
internal sealed class ProfileTextIndex
{
    private const float CuratedWeight = 3f;
    private const float SecondaryWeight = 1.5f;
    private const float FreeTextWeight = 1f;

    internal readonly Dictionary<string, Dictionary<int, float>> Terms = new(StringComparer.Ordinal);

    public void Replace(int expert, ExpertProfile? old, ExpertProfile? updated)
    {
        if (old is not null)
        {
            foreach (var term in Weights(old).Keys)
            {
                if (Terms.TryGetValue(term, out var experts) && experts.Remove(expert) && experts.Count == 0)
                {
                    Terms.Remove(term);
                }
            }
        }
        if (updated is not null)
        {
            foreach (var (term, weight) in Weights(updated))
            {
                if (!Terms.TryGetValue(term, out var experts))
                {
                    Terms[term] = experts = [];
                }
                experts[expert] = weight;
            }
        }
    }

    internal static Dictionary<string, float> Weights(ExpertProfile profile)
    {
        var weights = new Dictionary<string, float>(StringComparer.Ordinal);
        void Add(string? text, float weight, bool asTopic)
        {
            foreach (var token in Text.Tokens(text))
            {
                weights[token] = weights.GetValueOrDefault(token) + weight;
            }
            if (asTopic && !string.IsNullOrWhiteSpace(text))
            {
                var tag = Text.TagTerm(text);
                weights[tag] = weights.GetValueOrDefault(tag) + weight;
            }
        }
        foreach (var skill in profile.Skills) Add(skill, CuratedWeight, asTopic: true);
        foreach (var duty in profile.Responsibilities) Add(duty, CuratedWeight, asTopic: true);
        foreach (var interest in profile.Interests) Add(interest, SecondaryWeight, asTopic: true);
        foreach (var project in profile.PastProjects) Add(project, SecondaryWeight, asTopic: false);
        Add(profile.JobTitle, SecondaryWeight, asTopic: false);
        Add(profile.Department, SecondaryWeight, asTopic: false);
        Add(profile.AboutMe, FreeTextWeight, asTopic: false);
        return weights;
    }
}
