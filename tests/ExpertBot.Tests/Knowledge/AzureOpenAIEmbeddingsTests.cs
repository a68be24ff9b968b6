using ExpertBot.Features.Knowledge;
using ExpertBot.Features.Knowledge.Search;
using ExpertBot.Integrations.OpenAI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ExpertBot.Tests.Knowledge;

/// <summary>With AzureOpenAI configured, knowledge search embeds through its deployment: checked against a local server speaking its wire format.</summary>
public sealed class AzureOpenAIEmbeddingsTests : IAsyncDisposable
{
    private readonly FakeAzureOpenAI _azure = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("expertbot-azure-").FullName;

    private IHost Build(Dictionary<string, string?>? settings = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = _folder });
        builder.Configuration.AddInMemoryCollection(settings ?? _azure.Settings());
        builder.Services.AddLogging();
        builder.Services.AddKnowledge();
        return builder.Build();
    }

    [Fact]
    public async Task The_deployment_embeds_articles_and_questions_in_the_documented_wire_format()
    {
        using var host = Build();
        var knowledge = host.Services.GetRequiredService<KnowledgeIndex>();
        Assert.StartsWith("azure-openai-127.0.0.1-", host.Services.GetRequiredService<EmbeddingModel>().Id, StringComparison.Ordinal);

        await knowledge.UpsertManyAsync(DemoKnowledge.Read(SearchKit.DemoPath), default);
        var hits = await knowledge.SearchAsync("webhook deliveries fail signature validation", top: 3);

        Assert.Equal("KB-4002", hits[0].Article.Id);
        Assert.NotEmpty(_azure.Requests);
        Assert.All(_azure.Requests, r =>
        {
            Assert.Equal($"/openai/deployments/{FakeAzureOpenAI.Deployment}/embeddings", r.Path);
            Assert.False(string.IsNullOrEmpty(r.ApiVersion));
            Assert.Equal(FakeAzureOpenAI.Key, r.ApiKey);
            Assert.Equal(256, r.Dimensions);
        });
        Assert.Contains(_azure.Requests, r => r.Inputs.Any(i => i.StartsWith("webhook deliveries fail", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_restart_reads_the_vectors_back_and_asks_the_deployment_for_nothing()
    {
        using (var first = Build())
        {
            await first.Services.GetRequiredService<KnowledgeIndex>().UpsertManyAsync(DemoKnowledge.Read(SearchKit.DemoPath), default);
        }
        var embedded = _azure.TextsEmbedded;
        Assert.True(embedded >= 20, $"{embedded} texts embedded for 20 articles");

        using var second = Build();
        var knowledge = second.Services.GetRequiredService<KnowledgeIndex>();
        await knowledge.UpsertManyAsync(DemoKnowledge.Read(SearchKit.DemoPath), default);

        Assert.Equal(embedded, _azure.TextsEmbedded);
        Assert.Equal(20, knowledge.Count);
        Assert.Equal(embedded, second.Services.GetRequiredService<EmbeddingCache>().Count);
    }

    [Fact]
    public async Task When_the_deployment_refuses_search_goes_on_by_words()
    {
        _azure.FailWith = 401;
        using var host = Build();
        var knowledge = host.Services.GetRequiredService<KnowledgeIndex>();

        var embedding = knowledge.UpsertManyAsync(DemoKnowledge.Read(SearchKit.DemoPath), default);
        await Assert.ThrowsAnyAsync<Exception>(() => embedding);
        var hits = await knowledge.SearchAsync("webhook deliveries fail signature validation", top: 3);

        Assert.Equal("KB-4002", hits[0].Article.Id);
        Assert.True(hits[0].Confidence > 0.6, $"confidence {hits[0].Confidence}");
    }

    [Fact]
    public void Without_Azure_OpenAI_the_local_model_embeds()
    {
        using var host = Build(new Dictionary<string, string?>());

        Assert.Equal(LocalEmbeddingGenerator.ModelId(new KnowledgeSearchOptions().Model), host.Services.GetRequiredService<EmbeddingModel>().Id);
    }

    [Theory]
    [InlineData("https://contoso.openai.azure.com/", null, "go together")]
    [InlineData(null, "text-embedding-3-small", "go together")]
    [InlineData("http://contoso.openai.azure.com/", "text-embedding-3-small", "https")]
    [InlineData("contoso", "text-embedding-3-small", "https")]
    public void Half_or_unsafe_settings_are_refused(string? endpoint, string? deployment, string reason)
    {
        var result = new AzureOpenAIOptionsValidator().Validate(null, new AzureOpenAIOptions { Endpoint = endpoint, EmbeddingsDeployment = deployment });

        Assert.True(result.Failed);
        Assert.Contains(reason, result.FailureMessage, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        await _azure.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
