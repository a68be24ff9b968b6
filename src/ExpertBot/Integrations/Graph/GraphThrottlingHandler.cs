using System.Net;

namespace ExpertBot.Integrations.Graph;

/// <summary>
/// Retries whole requests Graph throttles (429) or cannot serve (503, 504), waiting what
/// <c>Retry-After</c> says or an exponential back-off. Replaces the SDK's RetryHandler because
/// that one waits on the wall clock; this one waits on the injected <see cref="TimeProvider"/>.
/// </summary>
internal sealed class GraphThrottlingHandler(TimeProvider time, int maxRetries) : DelegatingHandler
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(5);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        // The body must survive a resend.
        if (request.Content is not null)
        {
            await request.Content.LoadIntoBufferAsync(ct);
        }
        for (var attempt = 0; ; attempt++)
        {
            var response = await base.SendAsync(request, ct);
            if (!IsTransient(response.StatusCode) || attempt >= maxRetries)
            {
                return response;
            }
            var wait = RetryDelay(response.Headers.RetryAfter, attempt, time.GetUtcNow());
            response.Dispose();
            await Task.Delay(wait, time, ct);
        }
    }

    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    /// <summary>Retry-After when given (seconds or a date), else 1, 2, 4, ... seconds; never more than five minutes.</summary>
    public static TimeSpan RetryDelay(System.Net.Http.Headers.RetryConditionHeaderValue? retryAfter, int attempt, DateTimeOffset now)
    {
        var wait = retryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - now,
            _ => TimeSpan.FromSeconds(Math.Pow(2, Math.Min(attempt, 8))),
        };
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait > MaxWait ? MaxWait : wait;
    }
}
