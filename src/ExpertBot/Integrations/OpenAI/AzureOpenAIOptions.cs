using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace ExpertBot.Integrations.OpenAI;

/// <summary>
/// Section "AzureOpenAI". With an endpoint and an embeddings deployment, knowledge search embeds with that deployment
/// instead of the local model. Without a key the app's Azure identity is used (managed identity, or a developer's sign-in).
/// </summary>
internal sealed class AzureOpenAIOptions
{
    public const string Section = "AzureOpenAI";

    /// <summary>The resource's endpoint, e.g. https://contoso.openai.azure.com/.</summary>
    public string? Endpoint { get; set; }

    /// <summary>Deployment name of an embeddings model (text-embedding-3-small, text-embedding-3-large, ...).</summary>
    public string? EmbeddingsDeployment { get; set; }

    /// <summary>Deployment name of a chat model (gpt-4o-mini, ...): drafts knowledge articles and customer replies. Empty: the extractive ones.</summary>
    public string? ChatDeployment { get; set; }

    /// <summary>API key; leave empty to authenticate with Microsoft Entra ID instead.</summary>
    public string? Key { get; set; }

    /// <summary>Vector size asked of the deployment (text-embedding-3 models can shorten their vectors; ada-002 is 1536 only).</summary>
    [Range(16, 4096)]
    public int EmbeddingsDimensions { get; set; } = 1536;

    public bool ChatConfigured => !string.IsNullOrWhiteSpace(Endpoint) && !string.IsNullOrWhiteSpace(ChatDeployment);

    public bool EmbeddingsConfigured => !string.IsNullOrWhiteSpace(Endpoint) && !string.IsNullOrWhiteSpace(EmbeddingsDeployment);
}

internal sealed class AzureOpenAIOptionsValidator : IValidateOptions<AzureOpenAIOptions>
{
    public ValidateOptionsResult Validate(string? name, AzureOpenAIOptions options)
    {
        var endpointSet = !string.IsNullOrWhiteSpace(options.Endpoint);
        var anyDeployment = !string.IsNullOrWhiteSpace(options.EmbeddingsDeployment) || !string.IsNullOrWhiteSpace(options.ChatDeployment);
        if (endpointSet != anyDeployment)
        {
            return ValidateOptionsResult.Fail("AzureOpenAI:Endpoint and a deployment (EmbeddingsDeployment and/or ChatDeployment) go together: set both or neither.");
        }
        if (options.EmbeddingsDimensions is < 16 or > 4096)
        {
            return ValidateOptionsResult.Fail("AzureOpenAI:EmbeddingsDimensions must be between 16 and 4096.");
        }
        if (endpointSet)
        {
            // Keys and tokens travel to this address: TLS, except to a server on this machine (tests, local proxies).
            if (!Uri.TryCreate(options.Endpoint, UriKind.Absolute, out var uri)
                || !(uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)))
            {
                return ValidateOptionsResult.Fail("AzureOpenAI:Endpoint must be an absolute https:// address (http only for loopback).");
            }
        }
        return ValidateOptionsResult.Success;
    }
}
