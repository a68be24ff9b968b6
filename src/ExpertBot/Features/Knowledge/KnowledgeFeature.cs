using System.Text.Json;
using ExpertBot.Features.Knowledge.Articles;
using ExpertBot.Features.Knowledge.Search;
using ExpertBot.Integrations.OpenAI;
using Microsoft.Extensions.Options;

namespace ExpertBot.Features.Knowledge;

internal static class KnowledgeFeature
{
    public static IServiceCollection AddKnowledge(this IServiceCollection services)
    {
        services.AddOptions<KnowledgeSearchOptions>().BindConfiguration(KnowledgeSearchOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AzureOpenAIOptions>().BindConfiguration(AzureOpenAIOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AzureOpenAIOptions>, AzureOpenAIOptionsValidator>();
        services.AddSingleton(sp =>
        {
            var azure = sp.GetRequiredService<IOptions<AzureOpenAIOptions>>().Value;
            return azure.EmbeddingsConfigured
                ? AzureOpenAIEmbeddings.Create(azure)
                : new LocalEmbeddingGenerator(sp.GetRequiredService<IOptions<KnowledgeSearchOptions>>().Value.Model).Describe();
        });
        services.AddSingleton(sp =>
        {
            var model = sp.GetRequiredService<EmbeddingModel>();
            var folder = Path.GetFullPath(sp.GetRequiredService<IOptions<KnowledgeSearchOptions>>().Value.CacheFolder,
                sp.GetRequiredService<IHostEnvironment>().ContentRootPath);
            return new EmbeddingCache(folder, model.Id, model.Dimensions);
        });
        services.AddSingleton(sp => new HybridIndex(sp.GetRequiredService<IOptions<KnowledgeSearchOptions>>().Value,
            sp.GetRequiredService<EmbeddingModel>(), sp.GetRequiredService<EmbeddingCache>()));
        services.AddSingleton<KnowledgeIndex>();
        services.AddKnowledgeBase();
        return services;
    }
}

/// <summary>The built-in knowledge base ships seeded with the demo company's articles, so a fresh install can answer.</summary>
internal static class DemoKnowledge
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static List<KnowledgeArticle> Read(string path)
    {
        var articles = JsonSerializer.Deserialize<List<KnowledgeArticle>>(File.ReadAllText(path), Json)
            ?? throw new InvalidDataException($"{path} holds no articles.");
        foreach (var article in articles)
        {
            if (string.IsNullOrWhiteSpace(article.Id) || string.IsNullOrWhiteSpace(article.Title) || string.IsNullOrWhiteSpace(article.Resolution))
            {
                throw new InvalidDataException($"{path}: every article needs an id, a title and a resolution.");
            }
        }
        var duplicate = articles.GroupBy(a => a.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidDataException($"{path}: article id {duplicate.Key} appears twice.");
        }
        return [.. articles.Select(a => a with { Tags = a.Tags ?? [] })];
    }
}
