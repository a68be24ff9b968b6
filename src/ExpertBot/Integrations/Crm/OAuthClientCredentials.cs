using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace ExpertBot.Integrations.Crm;

/// <summary>
/// An OAuth 2.0 client-credentials token (Salesforce <c>/services/oauth2/token</c>, ServiceNow <c>/oauth_token.do</c>),
/// cached until a minute before <c>expires_in</c>, or, when the server gives no lifetime (Salesforce), until a 401 asks
/// for a fresh one. A token endpoint that is down is retriable; one that refuses the client is a configuration error.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "A singleton for the process's life; its SemaphoreSlim never creates a wait handle (AvailableWaitHandle is not used), so there is nothing to release.")]
internal sealed class OAuthClientCredentials(
    IHttpClientFactory httpFactory, string httpClientName, string system, Uri tokenUrl, string clientId, string clientSecret, TimeProvider time)
    : CrmCredential
{
    private static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(1);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (AuthenticationHeaderValue Header, DateTimeOffset? Expires)? _token;

    public override bool CanRefresh => true;

    public override async ValueTask<AuthenticationHeaderValue> GetAsync(bool refresh, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (!refresh && _token is { } cached && (cached.Expires is null || cached.Expires > time.GetUtcNow() + RenewBefore))
            {
                return cached.Header;
            }
            _token = await RequestAsync(ct);
            return _token.Value.Header;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<(AuthenticationHeaderValue, DateTimeOffset?)> RequestAsync(CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, tokenUrl)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = clientId,
                ["client_secret"] = clientSecret,
            }),
        };
        HttpResponseMessage response;
        try
        {
            response = await httpFactory.CreateClient(httpClientName).SendAsync(request, ct);
        }
        catch (HttpRequestException e)
        {
            throw new CrmTransientException(system, "token", null, null, $"token endpoint unreachable: {e.Message}", inner: e);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new CrmTransientException(system, "token", null, null, "token endpoint timed out.", inner: e);
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            JsonNode? json = null;
            try
            {
                json = string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text);
            }
            catch (System.Text.Json.JsonException)
            {
                // An HTML error page: the status decides.
            }
            var status = (int)response.StatusCode;
            if (status is 408 or 429 or >= 500)
            {
                throw new CrmTransientException(system, "token", response.StatusCode, Error(json), $"token endpoint answered {status}.");
            }
            if (!response.IsSuccessStatusCode || json?["access_token"]?.GetValue<string>() is not { Length: > 0 } token)
            {
                // Never the secret, only the OAuth error code.
                throw new CrmPermanentException(system, "token", response.StatusCode, Error(json),
                    $"the token endpoint refused the client credentials ({status} {Error(json)}); check the connector's client id and secret.");
            }
            var expires = json["expires_in"] is { } e && long.TryParse(e.ToString(), out var seconds)
                ? time.GetUtcNow().AddSeconds(seconds)
                : (DateTimeOffset?)null;
            return (new AuthenticationHeaderValue("Bearer", token), expires);
        }
    }

    private static string? Error(JsonNode? json) => json?["error"]?.ToString();
}
