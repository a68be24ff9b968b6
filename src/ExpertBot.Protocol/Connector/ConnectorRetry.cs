using System.Net;

namespace ExpertBot.Protocol.Connector;

/// <summary>When and how long to wait before retrying a Bot Connector request.</summary>
internal static class ConnectorRetry
{
    /// <summary>
    /// Throttled (429), precondition failed (412: Teams' transient conflict on concurrent writes),
    /// bad gateway and gateway timeout. 400/401/403/404 and 500 are not retried: the same request
    /// would fail again, and a 500 may already have posted the message.
    /// </summary>
    public static bool IsRetryable(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.PreconditionFailed or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout;

    /// <summary>The server's Retry-After (delta seconds or an HTTP date), or null when absent.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }
        if (header?.Date is { } date)
        {
            var wait = date - now;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }
        return null;
    }

    /// <summary>
    /// Exponential backoff with "equal jitter": half the step is fixed, half random, so concurrent
    /// senders throttled together do not retry in lockstep. <paramref name="failedAttempts"/> starts at 1.
    /// </summary>
    public static TimeSpan Backoff(int failedAttempts, TimeSpan baseDelay, TimeSpan maxDelay, double random)
    {
        var step = baseDelay.TotalMilliseconds * Math.Pow(2, failedAttempts - 1);
        step = Math.Min(step, maxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds((step / 2) + (random * step / 2));
    }
}
