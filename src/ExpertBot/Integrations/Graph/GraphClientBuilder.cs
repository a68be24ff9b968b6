using Azure.Core;
using Azure.Identity;
using ExpertBot.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Kiota.Authentication.Azure;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware;

namespace ExpertBot.Integrations.Graph;

/// <summary>Builds the one GraphServiceClient: app-only token, our base URL, our throttling handler.</summary>
internal static class GraphClientBuilder
{
    /// <summary>DI key of the credential Graph calls use; tests register their own under it.</summary>
    public const string CredentialKey = "graph";

    private static readonly string[] Scopes = ["https://graph.microsoft.com/.default"];

    public static GraphServiceClient Create(TokenCredential credential, GraphOptions options, TimeProvider time)
    {
        var handlers = Microsoft.Graph.GraphClientFactory.CreateDefaultHandlers();
        var retry = handlers.FirstOrDefault(h => h is RetryHandler);
        var at = retry is null ? 0 : handlers.IndexOf(retry);
        if (retry is not null)
        {
            handlers.Remove(retry);
        }
        handlers.Insert(at, new GraphThrottlingHandler(time, options.MaxRetries));
        var http = Microsoft.Graph.GraphClientFactory.Create(handlers);
        var baseUrl = options.BaseUrl.ToString().TrimEnd('/');
        // Tokens go only to the configured Graph host.
        var auth = new AzureIdentityAuthenticationProvider(credential, [options.BaseUrl.Host], null, true, Scopes);
        return new GraphServiceClient(http, auth, baseUrl);
    }

    /// <summary>The bot's identity: a user-assigned managed identity, or the app registration's client secret.</summary>
    public static TokenCredential CreateCredential(BotOptions bot)
    {
        if (string.Equals(bot.MicrosoftAppType, "UserAssignedMSI", StringComparison.OrdinalIgnoreCase))
        {
            return new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(bot.MicrosoftAppId!));
        }
        return new ClientSecretCredential(bot.MicrosoftAppTenantId, bot.MicrosoftAppId, bot.MicrosoftAppPassword);
    }

    public static string? CredentialProblem(BotOptions bot)
    {
        if (string.IsNullOrWhiteSpace(bot.MicrosoftAppId))
        {
            return "Directory:Source=Graph needs MicrosoftAppId (the app registration or managed identity client id).";
        }
        if (string.Equals(bot.MicrosoftAppType, "UserAssignedMSI", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        return string.IsNullOrWhiteSpace(bot.MicrosoftAppTenantId) || string.IsNullOrWhiteSpace(bot.MicrosoftAppPassword)
            ? "Directory:Source=Graph with a client secret needs MicrosoftAppTenantId and MicrosoftAppPassword (or MicrosoftAppType=UserAssignedMSI)."
            : null;
    }
}
