using System.Net.Http.Headers;
using System.Text.Json;
using ExpertBot.Protocol.Activities;

namespace ExpertBot.Protocol.Connector;

public sealed partial class BotConnectorClient
{
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };

    /// <summary>
    /// One logical request: guard, then attempts until success, a non-retryable answer, or the attempt budget.
    /// <paramref name="paceKey"/> is the conversation id for sends (paced), null for reads and creates.
    /// </summary>
    private async Task<T?> SendAsync<T>(string operation, HttpMethod method, string serviceUrl, string path, object? body, string? paceKey, CancellationToken ct)
    {
        var settings = options.Value;
        Uri baseUri;
        try
        {
            baseUri = ServiceUrlGuard.Check(serviceUrl, settings.EffectiveTrustedHosts, tokens.Enabled);
        }
        catch (UntrustedServiceUrlException ex)
        {
            Log.Refused(logger, operation, ex.Message);
            throw;
        }
        var target = new Uri(baseUri, path);
        // Serialized once: every attempt sends the same bytes.
        var payload = body is null ? null : JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), ProtocolJson.Options);

        for (var attempt = 1; ; attempt++)
        {
            if (paceKey is not null)
            {
                await pacer.WaitTurnAsync(paceKey, ct);
            }
            TimeSpan delay;
            try
            {
                using var request = new HttpRequestMessage(method, target);
                if (payload is not null)
                {
                    request.Content = new ByteArrayContent(payload);
                    request.Content.Headers.ContentType = JsonContentType;
                }
                var token = await tokens.GetTokenAsync(ct);
                if (token is not null)
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                }
                using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
                var bytes = await response.Content.ReadAsByteArrayAsync(ct);
                if (response.IsSuccessStatusCode)
                {
                    return Parse<T>(bytes);
                }
                var (code, detail) = ErrorDetail(bytes);
                if (!ConnectorRetry.IsRetryable(response.StatusCode) || attempt >= settings.MaxAttempts)
                {
                    Log.Failed(logger, operation, $"{(int)response.StatusCode} after {attempt} attempt(s)");
                    throw new BotConnectorException(operation, response.StatusCode, code, detail, attempt);
                }
                var retryAfter = ConnectorRetry.RetryAfter(response, time.GetUtcNow());
                if (retryAfter > settings.MaxRetryDelay)
                {
                    Log.Failed(logger, operation, $"Retry-After {retryAfter} exceeds MaxRetryDelay");
                    throw new BotConnectorException(operation, response.StatusCode, code,
                        $"asked to retry after {retryAfter}, beyond BotFramework:MaxRetryDelay ({settings.MaxRetryDelay}). {detail}", attempt);
                }
                delay = retryAfter ?? ConnectorRetry.Backoff(attempt, settings.BaseRetryDelay, settings.MaxRetryDelay, Random.Shared.NextDouble());
                Log.Retrying(logger, operation, (int)response.StatusCode, attempt, delay.TotalMilliseconds);
            }
            catch (Exception ex) when (IsTransientNetworkFailure(ex, ct))
            {
                if (attempt >= settings.MaxAttempts)
                {
                    Log.Failed(logger, operation, $"network failure after {attempt} attempt(s)");
                    throw new BotConnectorException(operation, null, null, ex.Message, attempt, ex);
                }
                delay = ConnectorRetry.Backoff(attempt, settings.BaseRetryDelay, settings.MaxRetryDelay, Random.Shared.NextDouble());
                Log.RetryingNetwork(logger, ex, operation, attempt, delay.TotalMilliseconds);
            }
            await Task.Delay(delay, time, ct);
        }
    }

    /// <summary>Connection failures and HttpClient time-outs, but not the caller's own cancellation.</summary>
    private static bool IsTransientNetworkFailure(Exception ex, CancellationToken ct) =>
        ex is HttpRequestException { StatusCode: null } || (ex is TaskCanceledException && !ct.IsCancellationRequested);

    /// <summary>
    /// Tolerant: a 2xx with an empty or non-JSON body (Web Chat's offline-directline answers 200 with
    /// nothing) is success with nothing to read.
    /// </summary>
    private static T? Parse<T>(byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            return default;
        }
        try
        {
            return JsonSerializer.Deserialize<T>(bytes, ProtocolJson.Options);
        }
        catch (JsonException)
        {
            return default;
        }
    }

    /// <summary>The error code and message from the body: Bot Framework's {error:{code,message}} or Teams' {errorCode,message}.</summary>
    private static (string? Code, string Detail) ErrorDetail(byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            return (null, "(no body)");
        }
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                var error = root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.Object ? e : root;
                var code = Text(error, "code") ?? Text(error, "errorCode");
                var message = Text(error, "message");
                if (code is not null || message is not null)
                {
                    return (code, Truncate(message ?? string.Empty));
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: fall through to the raw text.
        }
        return (null, Truncate(System.Text.Encoding.UTF8.GetString(bytes)));
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        } : null;

    private static string Truncate(string text) => text.Length <= MaxDetailChars ? text : text[..MaxDetailChars] + "…";
}
