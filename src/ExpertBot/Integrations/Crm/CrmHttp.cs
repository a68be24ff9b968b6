using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace ExpertBot.Integrations.Crm;

/// <summary>An answer of a CRM: status, headers and the JSON body (null when empty or not JSON).</summary>
internal sealed record CrmResponse(HttpStatusCode Status, JsonNode? Json, HttpResponseHeaders Headers, TimeSpan? RetryAfter)
{
    public bool IsSuccess => (int)Status is >= 200 and < 300;
}

/// <summary>
/// Sends one connector's requests and turns every way a call can fail into a <see cref="CrmException"/> that says
/// whether trying again can help. The product's error body is read by <paramref name="readError"/> (code, message).
/// </summary>
internal sealed class CrmHttp(HttpClient http, string system, Func<JsonNode?, (string? Code, string? Message)> readError, TimeProvider time)
{
    public string System => system;

    public static HttpRequestMessage Get(string path) => new(HttpMethod.Get, path);

    /// <summary>A JSON write; <paramref name="repeatable"/> when sending it twice cannot write twice.</summary>
    public static HttpRequestMessage Json(HttpMethod method, string path, JsonNode body, bool repeatable)
    {
        var request = new HttpRequestMessage(method, path)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Options.Set(CrmResilience.Repeatable, repeatable);
        return request;
    }

    /// <summary>Sends and reads the answer; throws retriable when no answer came (network, time-out, open circuit).</summary>
    public async Task<CrmResponse> SendAsync(HttpRequestMessage request, string operation, CancellationToken ct)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, ct);
        }
        catch (CrmException)
        {
            throw; // from the credential step: already classified
        }
        catch (TimeoutRejectedException e)
        {
            throw new CrmTransientException(system, operation, null, null, $"no answer within the time-out ({e.Timeout}).", inner: e);
        }
        catch (BrokenCircuitException e)
        {
            throw new CrmTransientException(system, operation, null, null, "calls are paused after repeated failures (circuit open).", inner: e);
        }
        catch (HttpRequestException e)
        {
            throw new CrmTransientException(system, operation, null, null, $"network error: {e.Message}", inner: e);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new CrmTransientException(system, operation, null, null, "the request timed out.", inner: e);
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            JsonNode? json = null;
            if (!string.IsNullOrWhiteSpace(text))
            {
                try
                {
                    json = JsonNode.Parse(text);
                }
                catch (System.Text.Json.JsonException)
                {
                    // Gateways answer errors in HTML; the status still says what happened.
                }
            }
            return new CrmResponse(response.StatusCode, json, response.Headers, CrmResilience.RetryAfter(response, time));
        }
    }

    /// <summary>Sends and throws unless the answer is a success.</summary>
    public async Task<CrmResponse> SendOkAsync(HttpRequestMessage request, string operation, CancellationToken ct)
    {
        var response = await SendAsync(request, operation, ct);
        return response.IsSuccess ? response : throw Failure(response, operation);
    }

    /// <summary>
    /// The exception for a failed answer: 408, 429 and 5xx are retriable; 401 (already refused once more after a fresh
    /// token) and every other 4xx are permanent. <paramref name="retriableCodes"/> names product error codes that are
    /// retriable whatever the status (Salesforce's daily limit comes as 403 REQUEST_LIMIT_EXCEEDED).
    /// </summary>
    public CrmException Failure(CrmResponse response, string operation, params string[] retriableCodes)
    {
        var (code, message) = readError(response.Json);
        var status = (int)response.Status;
        var what = $"HTTP {status}{(code is null ? "" : $" {code}")}: {message ?? response.Status.ToString()}";
        if (status is 408 or 429 or >= 500 || (code is not null && retriableCodes.Contains(code, StringComparer.Ordinal)))
        {
            return new CrmTransientException(system, operation, response.Status, code, what, response.RetryAfter);
        }
        if (status == 401)
        {
            what += " (credentials refused, also with a fresh token)";
        }
        return new CrmPermanentException(system, operation, response.Status, code, what);
    }

    public CrmPermanentException CaseNotFound(string operation, string caseReference) =>
        new(system, operation, HttpStatusCode.NotFound, null, $"no case {caseReference}.") { CaseNotFound = true };

    public CrmPermanentException Permanent(string operation, string why) => new(system, operation, null, null, why);
}
