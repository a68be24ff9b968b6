using ExpertBot.Protocol.Connector;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Client;

namespace ExpertBot.Hosting;

internal static class BotConnectorSetup
{
    /// <summary>
    /// The outbound side: bot token (MSAL), SSRF-guarded Bot Connector client with retries and
    /// per-conversation pacing. Credentials come from the configuration root (the Bot Framework keys),
    /// the rest from "BotFramework"; both are validated at start.
    /// </summary>
    public static IServiceCollection AddBotConnector(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);

        services.AddOptions<BotCredentials>()
            .Configure<IConfiguration>((credentials, configuration) => configuration.Bind(credentials))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<BotCredentials>>(new ProblemValidator<BotCredentials>(c => c.Problem()));

        services.AddOptions<BotConnectorOptions>()
            .BindConfiguration(BotConnectorOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<BotConnectorOptions>>(new ProblemValidator<BotConnectorOptions>(o => o.Problem()));

        services.AddHttpClient(BotConnectorClient.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(30))
            // The connector API never redirects; following one could carry a request somewhere the guard never saw.
            // One long-lived handler whose pooled connections are renewed every few minutes (so DNS changes of the
            // connector are seen) instead of the factory's default of a new handler, and so a new connection pool,
            // every two minutes.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            // Every reply goes through here: the factory's logging handlers open a log scope and time each request
            // even when nothing is logged (they log at Information only). BotConnectorClient logs its own failures.
            .RemoveAllLoggers();
        services.AddHttpClient(MsalHttpClientFactory.ClientName);
        services.TryAddSingleton<IMsalHttpClientFactory, MsalHttpClientFactory>();

        services.TryAddSingleton<BotTokenProvider>();
        services.TryAddSingleton<ConversationPacer>();
        services.TryAddSingleton<BotConnectorClient>();
        return services;
    }

    /// <summary>Turns an options type's own "what is wrong" check into a start-up failure with that message.</summary>
    private sealed class ProblemValidator<T>(Func<T, string?> problem) : IValidateOptions<T>
        where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options) =>
            problem(options) is { } message ? ValidateOptionsResult.Fail(message) : ValidateOptionsResult.Success;
    }
}
