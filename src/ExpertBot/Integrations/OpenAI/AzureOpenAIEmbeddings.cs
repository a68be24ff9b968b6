using System.ClientModel;
using Azure.AI.OpenAI;
using Azure.Identity;
using ExpertBot.Features.Knowledge.Search;
using Microsoft.Extensions.AI;

namespace ExpertBot.Integrations.OpenAI;

/// <summary>An Azure OpenAI embeddings deployment behind <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>.</summary>
internal static class AzureOpenAIEmbeddings
{
    public static EmbeddingModel Create(AzureOpenAIOptions options)
    {
        var endpoint = new Uri(options.Endpoint!);
        var client = string.IsNullOrEmpty(options.Key)
            ? new AzureOpenAIClient(endpoint, new DefaultAzureCredential())
            : new AzureOpenAIClient(endpoint, new ApiKeyCredential(options.Key));
        var generator = client.GetEmbeddingClient(options.EmbeddingsDeployment).AsIEmbeddingGenerator(options.EmbeddingsDimensions);
        // The cache key names the resource, the deployment and the size: another deployment may hold another model.
        var id = $"azure-openai-{endpoint.Host}-{endpoint.Port}-{options.EmbeddingsDeployment}-{options.EmbeddingsDimensions}";
        return new EmbeddingModel(id, options.EmbeddingsDimensions, new DimensionsPinned(generator, options.EmbeddingsDimensions));
    }

    /// <summary>Asks for the configured size on every call, so a text-embedding-3 deployment returns vectors the index expects.</summary>
    private sealed class DimensionsPinned(IEmbeddingGenerator<string, Embedding<float>> inner, int dimensions)
        : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
    {
        public override Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
            IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            options = options?.Clone() ?? new EmbeddingGenerationOptions();
            options.Dimensions ??= dimensions;
            return base.GenerateAsync(values, options, cancellationToken);
        }
    }
}
