using System.Text.Json;
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
        services.AddHostedService<KnowledgeLoader>();
        return services;
    }
}

/// <summary>
/// Seeds the built-in knowledge base before the app takes traffic: the articles are searchable by their words at once,
/// and by meaning as soon as their vectors are read from the cache or (first start, changed articles) embedded, which
/// runs on in the background so a first start is not held up by the model.
/// </summary>
internal sealed partial class KnowledgeLoader(KnowledgeIndex knowledge, ILogger<KnowledgeLoader> logger) : BackgroundService
{
    private Task _embedding = Task.CompletedTask;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        var articles = DemoKnowledge.Read(Path.Combine(AppContext.BaseDirectory, "demo-knowledge.json"));
        _embedding = knowledge.UpsertManyAsync(articles, cancellationToken);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await _embedding.WaitAsync(stoppingToken);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            EmbedFailed(logger, e);
        }
    }

    [LoggerMessage(EventId = 702, Level = LogLevel.Warning, Message = "Embedding the built-in knowledge articles failed; they are found by their words only")]
    private static partial void EmbedFailed(ILogger logger, Exception exception);
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
