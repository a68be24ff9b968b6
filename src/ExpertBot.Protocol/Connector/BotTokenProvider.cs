using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Client;
using Microsoft.Identity.Client.AppConfig;

namespace ExpertBot.Protocol.Connector;

/// <summary>
/// The bot's outbound token for the Bot Connector (client credentials, or a user-assigned managed
/// identity). One MSAL application per process, so its in-memory cache serves every call until the
/// token is near expiry (MSAL renews 5 minutes before); nothing here re-requests per call.
/// </summary>
public sealed class BotTokenProvider
{
    public const string Scope = "https://api.botframework.com/.default";
    public const string Resource = "https://api.botframework.com";
    private const string LoginHost = "https://login.microsoftonline.com/";

    // Multi-tenant bots get their token from the Bot Framework's own tenant.
    private const string MultiTenantAuthority = LoginHost + "botframework.com";

    private readonly BotCredentials _credentials;
    private readonly ILogger<BotTokenProvider> _logger;
    private readonly Lazy<Func<CancellationToken, Task<AuthenticationResult>>>? _acquire;

    public BotTokenProvider(IOptions<BotCredentials> credentials, IMsalHttpClientFactory httpClientFactory, ILogger<BotTokenProvider> logger)
    {
        _credentials = credentials.Value;
        _logger = logger;
        if (_credentials.AuthEnabled)
        {
            var problem = _credentials.Problem();
            if (problem is not null)
            {
                throw new InvalidOperationException(problem);
            }
            _acquire = new(() => Build(_credentials, httpClientFactory));
        }
    }

    /// <summary>False when no app id is set: requests then carry no Authorization header.</summary>
    public bool Enabled => _acquire is not null;

    /// <summary>A bearer token for the Bot Connector, or null when auth is off.</summary>
    public async Task<string?> GetTokenAsync(CancellationToken ct)
    {
        if (_acquire is null)
        {
            return null;
        }
        try
        {
            var result = await _acquire.Value(ct);
            return result.AccessToken;
        }
        catch (MsalException ex)
        {
            // The error code and correlation are enough to diagnose; MSAL messages never carry the secret.
            Log.TokenFailed(_logger, ex.ErrorCode);
            throw new BotTokenException($"Could not get a Bot Connector token ({_credentials.EffectiveAppType}): {ex.ErrorCode}.", ex);
        }
    }

    private static Func<CancellationToken, Task<AuthenticationResult>> Build(BotCredentials credentials, IMsalHttpClientFactory http)
    {
        var type = credentials.EffectiveAppType;
        if (string.Equals(type, BotCredentials.UserAssignedMsi, StringComparison.OrdinalIgnoreCase))
        {
            var identity = ManagedIdentityApplicationBuilder
                .Create(ManagedIdentityId.WithUserAssignedClientId(credentials.MicrosoftAppId))
                .WithHttpClientFactory(http)
                .Build();
            return ct => identity.AcquireTokenForManagedIdentity(Resource).ExecuteAsync(ct);
        }
        var authority = string.Equals(type, BotCredentials.SingleTenant, StringComparison.OrdinalIgnoreCase)
            ? LoginHost + Uri.EscapeDataString(credentials.MicrosoftAppTenantId!.Trim())
            : MultiTenantAuthority;
        var app = ConfidentialClientApplicationBuilder.Create(credentials.MicrosoftAppId)
            .WithClientSecret(credentials.MicrosoftAppPassword)
            .WithAuthority(authority)
            // The authority is fixed by our configuration, not discovered: no instance-discovery round trip.
            .WithInstanceDiscovery(false)
            .WithHttpClientFactory(http)
            .Build();
        return ct => app.AcquireTokenForClient([Scope]).ExecuteAsync(ct);
    }
}

/// <summary>The bot token could not be obtained; nothing was sent.</summary>
public sealed class BotTokenException(string message, Exception inner) : InvalidOperationException(message, inner);

/// <summary>MSAL's HTTP through IHttpClientFactory (pooled handlers; proxies and tests configure the named client).</summary>
public sealed class MsalHttpClientFactory(IHttpClientFactory factory) : IMsalHttpClientFactory
{
    public const string ClientName = "BotFramework.Login";

    public HttpClient GetHttpClient() => factory.CreateClient(ClientName);
}
