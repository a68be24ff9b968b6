using ExpertBot.Features.Knowledge;
using ExpertBot.Features.Knowledge.Search;
using Microsoft.Extensions.Logging.Abstractions;

namespace ExpertBot.Tests.Knowledge;

/// <summary>
/// Real indexes over the real local model (loaded once per test process by <see cref="LocalEmbeddingGenerator"/>), with
/// no vector cache unless a test gives a folder.
/// </summary>
internal static class SearchKit
{
    public static string DemoPath => Path.Combine(AppContext.BaseDirectory, "demo-knowledge.json");

    public static HybridIndex Index(string? cacheFolder = null, KnowledgeSearchOptions? options = null)
    {
        options ??= new KnowledgeSearchOptions();
        var model = new LocalEmbeddingGenerator(options.Model).Describe();
        return new HybridIndex(options, model, new EmbeddingCache(cacheFolder, model.Id, model.Dimensions));
    }

    public static KnowledgeIndex Knowledge(HybridIndex? index = null) => new(index ?? Index(), NullLogger<KnowledgeIndex>.Instance);

    /// <summary>The shipped demo articles, fully indexed (words and vectors).</summary>
    public static async Task<KnowledgeIndex> DemoAsync()
    {
        var knowledge = Knowledge();
        await knowledge.UpsertManyAsync(DemoKnowledge.Read(DemoPath), default);
        return knowledge;
    }

    public static SearchDocument Doc(string id, string title, string body = "", string product = "", DocumentKind kind = DocumentKind.Article) =>
        new(id, title, body, product, kind);
}
