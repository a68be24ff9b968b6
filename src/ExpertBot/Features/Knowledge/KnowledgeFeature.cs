using System.Text.Json;

namespace ExpertBot.Features.Knowledge;

internal static class KnowledgeFeature
{
    public static IServiceCollection AddKnowledge(this IServiceCollection services)
    {
        services.AddSingleton(_ => DemoKnowledge.Load(Path.Combine(AppContext.BaseDirectory, "demo-knowledge.json")));
        return services;
    }
}

/// <summary>The built-in knowledge base ships seeded with the demo company's articles, so a fresh install can answer.</summary>
internal static class DemoKnowledge
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static KnowledgeIndex Load(string path)
    {
        var articles = JsonSerializer.Deserialize<List<KnowledgeArticle>>(File.ReadAllText(path), Json)
            ?? throw new InvalidDataException($"{path} holds no articles.");
        var index = new KnowledgeIndex();
        foreach (var article in articles)
        {
            if (string.IsNullOrWhiteSpace(article.Id) || string.IsNullOrWhiteSpace(article.Title) || string.IsNullOrWhiteSpace(article.Resolution))
            {
                throw new InvalidDataException($"{path}: every article needs an id, a title and a resolution.");
            }
            index.Add(article with { Tags = article.Tags ?? [] });
        }
        return index;
    }
}
