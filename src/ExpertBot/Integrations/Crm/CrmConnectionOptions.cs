using System.ComponentModel.DataAnnotations;

namespace ExpertBot.Integrations.Crm;

/// <summary>
/// Time-outs, retries and circuit breaking of one connector's HTTP calls. Kept short on purpose: a connector call runs
/// inside a durable job whose own retries span minutes and restarts, so here a call only rides out a blip.
/// </summary>
internal abstract class CrmConnectionOptions
{
    /// <summary>One HTTP attempt longer than this is abandoned (and retried when repeating it is safe).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>All attempts of one HTTP request together, waits included.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:30")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries of one request after throttling (429) or, when repeating it is safe, a 5xx, time-out or network error.</summary>
    [Range(0, 5)]
    public int MaxRetries { get; set; } = 2;

    /// <summary>First back-off step when the CRM gives no Retry-After (exponential, with jitter).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest Retry-After honoured in the call; a longer one fails the call as retriable, with the wait, for the outbox.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Share of failed requests within <see cref="BreakSamplingDuration"/> that opens the circuit.</summary>
    [Range(0.01, 1.0)]
    public double BreakFailureRatio { get; set; } = 0.5;

    /// <summary>Requests within <see cref="BreakSamplingDuration"/> before the circuit may open.</summary>
    [Range(2, 10_000)]
    public int BreakMinimumThroughput { get; set; } = 10;

    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan BreakSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an open circuit fails calls at once (retriable) before letting one through.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(15);
}
