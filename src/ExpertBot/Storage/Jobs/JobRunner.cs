using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace ExpertBot.Storage.Jobs;

/// <summary>
/// One round of work: claim a batch, run each job with its kind's handler, record every outcome in one transaction.
/// The worker loops over it; tests call it directly with a fake clock.
/// </summary>
internal sealed class JobRunner(
    JobStore store, IServiceScopeFactory scopes, IEnumerable<JobHandlerRegistration> registrations, TimeProvider time,
    IOptions<JobOptions> options, ILogger<JobRunner> logger)
{
    private readonly Dictionary<string, JobHandlerRegistration> _kinds = registrations.ToDictionary(r => r.Kind, StringComparer.Ordinal);

    /// <summary>Identifies this instance's leases; unique per process so a restarted instance never mistakes old leases for its own.</summary>
    public string Owner { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    /// <summary>Runs one batch; returns how many jobs were claimed.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var o = options.Value;
        var claimed = await store.ClaimAsync(Owner, o.ClaimBatchSize, o.LeaseDuration, ct);
        if (claimed.Count == 0)
        {
            return 0;
        }
        var outcomes = new ConcurrentBag<JobOutcome>();
        // A conversation's turns (same ordering key) run in order; different keys run side by side.
        var groups = claimed.GroupBy(j => j.OrderingKey ?? $"\0{j.Id}").ToList();
        try
        {
            await Parallel.ForEachAsync(groups, new ParallelOptions { MaxDegreeOfParallelism = o.Concurrency, CancellationToken = ct }, async (group, token) =>
            {
                foreach (var job in group)
                {
                    outcomes.Add(await RunAsync(job, token));
                }
            });
        }
        finally
        {
            // Record what finished even when stopping, and hand back what did not, so another instance takes it now
            // rather than after the lease.
            var recorded = outcomes.ToList();
            var done = recorded.Select(r => r.Id).ToHashSet();
            var now = time.GetUtcNow();
            recorded.AddRange(claimed.Where(j => !done.Contains(j.Id)).Select(j => new JobOutcome.Failed(j.Id, "Interrupted by shutdown; released.", now)));
            await store.RecordAsync(Owner, recorded, CancellationToken.None);
        }
        return claimed.Count;
    }

    private async Task<JobOutcome> RunAsync(JobContext job, CancellationToken ct)
    {
        if (!_kinds.TryGetValue(job.Kind, out var registration))
        {
            return DeadLetter(job, $"No handler is registered for kind '{job.Kind}'.");
        }
        if (job.Attempt > registration.MaxAttempts)
        {
            // Its earlier attempts never reported back (the process died or stalled each time): a poison job.
            return DeadLetter(job, $"Lease expired on the last of {registration.MaxAttempts} attempts.");
        }
        // The time limit is inside the lease, with room to record the outcome, so a job is not still running (or not yet
        // recorded) when another instance may re-claim it.
        using var limit = new CancellationTokenSource(options.Value.LeaseDuration * 0.8, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, limit.Token);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var handler = scope.ServiceProvider.GetRequiredKeyedService<IJobHandler>(job.Kind);
            await handler.HandleAsync(job, linked.Token);
            return new JobOutcome.Completed(job.Id);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            if (job.Attempt >= registration.MaxAttempts)
            {
                return DeadLetter(job, Describe(ex));
            }
            var retryAt = time.GetUtcNow() + Backoff(job.Attempt);
            Log.JobRetrying(logger, ex, job.Id, job.Kind, job.Attempt, retryAt);
            return new JobOutcome.Failed(job.Id, Describe(ex), retryAt);
        }
    }

    /// <summary>Exponential: base, 2 x base, 4 x base... capped.</summary>
    public TimeSpan Backoff(int attempt)
    {
        var o = options.Value;
        var factor = Math.Pow(2, Math.Min(attempt - 1, 30));
        return TimeSpan.FromTicks((long)Math.Min(o.RetryBaseDelay.Ticks * factor, o.RetryMaxDelay.Ticks));
    }

    private JobOutcome.Failed DeadLetter(JobContext job, string reason)
    {
        Log.JobDeadLettered(logger, job.Id, job.Kind, job.Attempt, reason);
        return new JobOutcome.Failed(job.Id, reason, RetryAt: null);
    }

    // Type and message only: stack traces belong in the log, and the row is read by operators.
    private static string Describe(Exception ex) => $"{ex.GetType().Name}: {ex.Message}";
}
