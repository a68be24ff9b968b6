using System.ClientModel;
using System.ClientModel.Primitives;
using Azure.AI.OpenAI;
using Azure.Identity;
using Microsoft.Extensions.AI;

namespace ExpertBot.Integrations.OpenAI;

/// <summary>An Azure OpenAI chat deployment behind <see cref="IChatClient"/>.</summary>
internal static class AzureOpenAIChat
{
    /// <summary>
    /// No retries inside the client: a failing model costs one call and the caller falls back to its extractive answer at
    /// once (a draft is never held up by the model); the outbox job itself is what retries work that must happen.
    /// </summary>
    public static IChatClient Create(AzureOpenAIOptions options)
    {
        var endpoint = new Uri(options.Endpoint!);
        var clientOptions = new AzureOpenAIClientOptions { RetryPolicy = new ClientRetryPolicy(0), NetworkTimeout = TimeSpan.FromSeconds(30) };
        var client = string.IsNullOrEmpty(options.Key)
            ? new AzureOpenAIClient(endpoint, new DefaultAzureCredential(), clientOptions)
            : new AzureOpenAIClient(endpoint, new ApiKeyCredential(options.Key), clientOptions);
        return client.GetChatClient(options.ChatDeployment).AsIChatClient();
    }
}
