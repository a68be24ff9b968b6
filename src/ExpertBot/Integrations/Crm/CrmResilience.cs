using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace ExpertBot.Integrations.Crm;

/// <summary>
/// Each connector's HTTP resilience (Microsoft.Extensions.Http.Resilience): a total time-out, retries honouring
/// Retry-After, a circuit breaker and a per-attempt time-out, sized by the connector's own options section.
/// Only requests that cannot write twice are repeated after an unclear failure (5xx, time-out, dropped connection):
/// GETs, and writes the connector marks <see cref="Repeatable"/> (Dataverse upserts by a key-derived id, webhook
/// deliveries the receiver de-duplicates). A 429 is repeated for every request: the CRM refused it before doing anything.
/// A write that is not repeatable fails retriable instead, and the connector's next call finds what it wrote by its marker.
/// </summary>
internal static class CrmResilience
{
    /// <summary>Set on a request that writes at most once however often it is sent.</summary>
    public static readonly HttpRequestOptionsKey<bool> Repeatable = new("ExpertBot.Crm.Repeatable");

    public static IHttpClientBuilder AddCrmResilience<TOptions>(this IHttpClientBuilder builder, string name)
        where TOptions : CrmConnectionOptions
    {
        builder.AddResilienceHandler(name, (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<TOptions>>().Value;
            var time = context.ServiceProvider.GetRequiredService<TimeProvider>();
            pipeline.AddTimeout(options.TotalTimeout);
            if (options.MaxRetries > 0)
            {
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = options.MaxRetries,
                    Delay = options.RetryBaseDelay,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    ShouldRetryAfterHeader = true,
                    ShouldHandle = args => ValueTask.FromResult(
                        ShouldRetry(args.Outcome, args.Context.GetRequestMessage(), options.MaxRetryAfter, time)),
                });
            }
            pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
            {
                FailureRatio = options.BreakFailureRatio,
                MinimumThroughput = options.BreakMinimumThroughput,
                SamplingDuration = options.BreakSamplingDuration,
                BreakDuration = options.BreakDuration,
            });
            pipeline.AddTimeout(options.AttemptTimeout);
        });
        return builder;
    }

    public static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, HttpRequestMessage? request, TimeSpan maxRetryAfter, TimeProvider time)
    {
        if (outcome.Result is { } response)
        {
            // A longer wait than a call should take: the durable outbox waits instead (the exception carries the wait).
            if (RetryAfter(response, time) is { } wait && wait > maxRetryAfter)
            {
                return false;
            }
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                return true;
            }
        }
        return IsRepeatable(request) && HttpClientResiliencePredicates.IsTransient(outcome);
    }

    public static bool IsRepeatable(HttpRequestMessage? request) =>
        request is not null
        && (request.Method == HttpMethod.Get || request.Method == HttpMethod.Head
            || (request.Options.TryGetValue(Repeatable, out var repeatable) && repeatable));

    /// <summary>Retry-After as a wait from now (seconds or an HTTP date), or null when the answer has none.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider time)
    {
        var wait = response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - time.GetUtcNow(),
            _ => (TimeSpan?)null,
        };
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }
}
