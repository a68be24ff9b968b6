using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace ExpertBot.Integrations.Crm;

/// <summary>How a connector signs its requests: a cached bearer token that can be renewed, or fixed credentials.</summary>
internal abstract class CrmCredential
{
    /// <summary>Whether a 401 may be cured by a fresh token (a revoked or early-expired one); fixed credentials cannot be.</summary>
    public abstract bool CanRefresh { get; }

    /// <summary>The Authorization header; <paramref name="refresh"/> skips any cached token.</summary>
    public abstract ValueTask<AuthenticationHeaderValue> GetAsync(bool refresh, CancellationToken ct);
}

/// <summary>Basic authentication (ServiceNow user, Zendesk <c>email/token:apitoken</c>): nothing to renew.</summary>
internal sealed class BasicCredential(string user, string secret) : CrmCredential
{
    private readonly AuthenticationHeaderValue _header = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{secret}")));

    public override bool CanRefresh => false;

    public override ValueTask<AuthenticationHeaderValue> GetAsync(bool refresh, CancellationToken ct) => ValueTask.FromResult(_header);
}

/// <summary>
/// Signs each attempt with the connector's credential. A 401 gets one fresh token and one more try (a token revoked
/// or expired before its time); a second 401 stands, and the connector reports it as permanent: the credentials are wrong.
/// Sits inside the resilience handler, so every retry attempt is signed again.
/// </summary>
internal sealed class CrmAuthHandler(CrmCredential credential) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        request.Headers.Authorization = await credential.GetAsync(refresh: false, ct);
        var response = await base.SendAsync(request, ct);
        if (response.StatusCode != HttpStatusCode.Unauthorized || !credential.CanRefresh)
        {
            return response;
        }
        response.Dispose();
        request.Headers.Authorization = await credential.GetAsync(refresh: true, ct);
        return await base.SendAsync(request, ct);
    }
}
