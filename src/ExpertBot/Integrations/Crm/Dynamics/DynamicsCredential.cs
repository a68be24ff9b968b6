using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Client;

namespace ExpertBot.Integrations.Crm.Dynamics;

/// <summary>
/// The application user's token for the environment (client credentials, scope <c>{environment}/.default</c>) from MSAL,
/// whose cache serves it until near expiry. A 401 forces a fresh one once (<see cref="CrmAuthHandler"/>).
/// </summary>
internal sealed class DynamicsCredential : CrmCredential
{
    /// <summary>The named HttpClient MSAL talks to Entra through (proxies and tests configure it).</summary>
    public const string LoginClient = "ExpertBot.Crm.Dynamics.Login";

    private readonly Lazy<IConfidentialClientApplication> _app;
    private readonly string[] _scopes;

    public DynamicsCredential(IOptions<DynamicsOptions> options, IHttpClientFactory httpFactory)
    {
        var o = options.Value;
        _scopes = [$"{o.EnvironmentUrl!.GetLeftPart(UriPartial.Authority)}/.default"];
        _app = new(() => ConfidentialClientApplicationBuilder.Create(o.ClientId)
            .WithClientSecret(o.ClientSecret)
            .WithAuthority($"{o.AuthorityHost.ToString().TrimEnd('/')}/{Uri.EscapeDataString(o.TenantId.Trim())}")
            // Our configuration names the authority; nothing to discover.
            .WithInstanceDiscovery(false)
            .WithHttpClientFactory(new HttpFactory(httpFactory))
            .Build());
    }

    public override bool CanRefresh => true;

    public override async ValueTask<AuthenticationHeaderValue> GetAsync(bool refresh, CancellationToken ct)
    {
        try
        {
            var result = await _app.Value.AcquireTokenForClient(_scopes).WithForceRefresh(refresh).ExecuteAsync(ct);
            return new AuthenticationHeaderValue("Bearer", result.AccessToken);
        }
        catch (MsalServiceException e) when (e.StatusCode is 0 or 408 or 429 or >= 500)
        {
            throw new CrmTransientException(DynamicsCaseSystem.Name, "token", null, e.ErrorCode, $"Entra could not issue a token now ({e.ErrorCode}).", inner: e);
        }
        catch (MsalServiceException e)
        {
            // The error code says enough (invalid_client, unauthorized_client); MSAL's messages never hold the secret.
            throw new CrmPermanentException(DynamicsCaseSystem.Name, "token", null, e.ErrorCode,
                $"Entra refused the client credentials ({e.ErrorCode}); check Crm:Dynamics TenantId, ClientId and ClientSecret.", e);
        }
        catch (HttpRequestException e)
        {
            throw new CrmTransientException(DynamicsCaseSystem.Name, "token", null, null, $"Entra unreachable: {e.Message}", inner: e);
        }
    }

    private sealed class HttpFactory(IHttpClientFactory factory) : IMsalHttpClientFactory
    {
        public HttpClient GetHttpClient() => factory.CreateClient(LoginClient);
    }
}
