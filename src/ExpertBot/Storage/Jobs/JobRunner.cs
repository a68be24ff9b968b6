using Microsoft.Extensions.Options;

namespace ExpertBot.Storage.Jobs;

/// <summary>
/// Rounds of work: claim a batch, run each job with its kind's handler, record each outcome as its job finishes. Claims and outcomes
/// go through <see cref="JobQueue"/>'s group commit, so they share transactions with the enqueues (and the running
/// worker's jobs are claimed by the very commit that stores them, see <see cref="AttachTo"/>).
/// Rounds overlap (the worker claims again while slow jobs of an earlier round still run, so one slow job does not
/// hold up the others); jobs sharing an ordering key run in claim order across rounds. Tests call
/// <see cref="RunOnceAsync"/> with a fake clock.
/// </summary>
internal sealed class JobRunner(
    JobQueue queue, JobStore store, JobSignal signal, IServiceScopeFactory scopes, IEnumerable<JobHandlerRegistration> registrations, CrashPoints crash,
    TimeProvider time, IOptions<JobOptions> options, ILogger<JobRunner> logger)
{
    private readonly Dictionary<string, JobHandlerRegistration> _kinds = registrations.ToDictionary(r => r.Kind, StringComparer.Ordinal);
    // Per lane, indexed by JobLane's value (interactive 0, background 1): its slots and its claimed jobs not yet recorded.
    private readonly SemaphoreSlim[] _slots =
    [
        new(options.Value.InteractiveConcurrency, options.Value.InteractiveConcurrency),
        new(options.Value.Concurrency, options.Value.Concurrency),
    ];
    private readonly int[] _inFlight = new int[2];
    private readonly Dictionary<string, Task<JobOutcome>> _tails = new(StringComparer.Ordinal);
    private readonly HashSet<Task> _rounds = [];
    // The jobs claimed and not yet recorded (running or waiting for a slot), with when: the leases the heartbeat renews.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, DateTimeOffset> _leased = new();

    /// <summary>Identifies this instance's leases; unique per process so a restarted instance never mistakes old leases for its own.</summary>
    public string Owner { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    /// <summary>Jobs claimed by this instance whose outcome is not recorded yet.</summary>
    public int InFlight => Volatile.Read(ref _inFlight[0]) + Volatile.Read(ref _inFlight[1]);

    /// <summary>Runs one round to the end (outcomes recorded); returns how many jobs were claimed.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var (claimed, done) = await StartRoundAsync(options.Value.ClaimBatchSize, ct);
        await done;
        return claimed;
    }

    /// <summary>Claims up to <paramref name="limit"/> jobs and starts them; <c>Done</c> completes once their outcomes are recorded.</summary>
    public Task<(int Claimed, Task Done)> StartRoundAsync(int limit, CancellationToken ct) =>
        StartRoundAsync(new JobClaim(Owner, limit, options.Value.LeaseDuration), ct);

    /// <summary>Claims what <paramref name="claim"/> asks for (see <see cref="NextClaim"/>) and starts it.</summary>
    public Task<(int Claimed, Task Done)> StartRoundAsync(JobClaim claim, CancellationToken ct) =>
        queue.ClaimAsync(claim, claimed => Start(claimed, ct), ct);

    /// <summary>
    /// Has <paramref name="queue"/> claim for this runner in every commit that inserts jobs (up to the free room), until
    /// <paramref name="ct"/> is cancelled: a turn enqueued here is claimed by the commit that stores it.
    /// </summary>
    public void AttachTo(JobQueue jobQueue, CancellationToken ct)
    {
        jobQueue.AttachWorker(Owner, NextClaim, claimed => ObserveAsync(Start(claimed, ct)));
        ct.Register(jobQueue.DetachWorker);
    }

    /// <summary>
    /// What to claim now, per lane ahead of the lane's free slots by up to one slot's worth (see JobWorker); null when
    /// both lanes are full.
    /// </summary>
    public JobClaim? NextClaim()
    {
        var o = options.Value;
        var interactive = Math.Max(0, 2 * o.InteractiveConcurrency - Volatile.Read(ref _inFlight[(int)JobLane.Interactive]));
        var background = Math.Max(0, 2 * o.Concurrency - Volatile.Read(ref _inFlight[(int)JobLane.Background]));
        var limit = Math.Min(o.ClaimBatchSize, interactive + background);
        return limit <= 0 ? null
            : new JobClaim(Owner, limit, o.LeaseDuration) { InteractiveLimit = interactive, BackgroundLimit = background };
    }

    /// <summary>
    /// The heartbeat: extends the leases of the jobs this runner holds, so a short lease is safe for jobs that run long, and
    /// only a dead (or stalled) instance's jobs are taken over. Not past <see cref="JobOptions.MaxRunTime"/>: a job that
    /// ignores its cancellation (hung) then loses its lease, and another instance takes it over. Returns how many were renewed.
    /// </summary>
    public Task<int> RenewLeasesAsync(CancellationToken ct)
    {
        var oldest = time.GetUtcNow() - options.Value.MaxRunTime;
        return store.RenewAsync(Owner, [.. _leased.Where(l => l.Value > oldest).Select(l => l.Key)], options.Value.LeaseDuration, ct);
    }

    /// <summary>Completes once every round started so far has recorded its outcomes (or failed to).</summary>
    public Task WhenRoundsDoneAsync()
    {
        lock (_rounds)
        {
            return Task.WhenAll([.. _rounds]);
        }
    }

    /// <summary>Starts claimed jobs (in claim order per ordering key); the task completes once their outcomes are recorded.</summary>
    private Task Start(IReadOnlyList<JobContext> claimed, CancellationToken ct)
    {
        if (claimed.Count == 0)
        {
            return Task.CompletedTask;
        }
        foreach (var job in claimed)
        {
            Interlocked.Increment(ref _inFlight[Lane(job)]);
            _leased[job.Id] = time.GetUtcNow();
        }
        var recorded = new Task[claimed.Count];
        lock (_tails)
        {
            for (var i = 0; i < claimed.Count; i++)
            {
                var key = claimed[i].OrderingKey;
                // A conversation's turns (same ordering key) run one after another; different keys side by side.
                var previous = key is not null && _tails.TryGetValue(key, out var tail) ? tail : Task.CompletedTask;
                var run = RunAfterAsync(previous, claimed[i], ct);
                if (key is not null)
                {
                    _tails[key] = run;
                }
                recorded[i] = RecordWhenDoneAsync(claimed[i], run);
            }
        }
        var round = Task.WhenAll(recorded);
        lock (_rounds)
        {
            _rounds.Add(round);
        }
        _ = round.ContinueWith(static (done, state) =>
        {
            var rounds = (HashSet<Task>)state!;
            lock (rounds)
            {
                rounds.Remove(done);
            }
        }, _rounds, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return round;
    }

    private async Task ObserveAsync(Task round)
    {
        try
        {
            await round;
        }
        catch (Exception ex)
        {
            // Recording failed: the jobs keep their leases and are claimed again when those expire.
            Log.WorkerRoundFailed(logger, ex);
        }
    }

    private async Task<JobOutcome> RunAfterAsync(Task previous, JobContext job, CancellationToken ct)
    {
        await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ForceYielding);
        var slots = _slots[Lane(job)];
        await slots.WaitAsync(ct);
        try
        {
            return await RunAsync(job, ct);
        }
        finally
        {
            slots.Release();
        }
    }

    private static int Lane(JobContext job) => (int)job.Lane;

    /// <summary>
    /// Records the job's outcome as soon as it finished, each job on its own (the queue's group commit still shares the
    /// transactions). Recorded per round, one slow job (an invitation waiting for Teams' per-chat pacing) held back its
    /// round's finished jobs: their completion, their leases and their slots, so fewer new jobs were claimed meanwhile.
    /// </summary>
    private async Task RecordWhenDoneAsync(JobContext job, Task<JobOutcome> run)
    {
        try
        {
            await ((Task)run).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            // A job that did not finish was interrupted by shutdown: hand it back so another instance takes it now
            // rather than after the lease.
            var outcome = run.IsCompletedSuccessfully ? run.Result : new JobOutcome.Failed(job.Id, "Interrupted by shutdown; released.", time.GetUtcNow());
            lock (_tails)
            {
                if (job.OrderingKey is { } key && _tails.TryGetValue(key, out var tail) && tail == run)
                {
                    _tails.Remove(key);
                }
            }
            if (outcome is JobOutcome.Completed)
            {
                // The window the issue of record is about: the work is done, its completion not yet stored.
                await crash.AtAsync($"job.completing:{job.Kind}");
            }
            await queue.RecordAsync(Owner, [outcome]);
        }
        finally
        {
            // Recorded (or recording failed: the lease then runs out and the job is claimed again, here or elsewhere).
            _leased.TryRemove(job.Id, out _);
            Interlocked.Decrement(ref _inFlight[Lane(job)]);
            signal.Wake(); // Room for more work.
        }
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
        // The heartbeat keeps the lease while the job runs; this limit keeps a stuck job from holding it forever.
        using var limit = new CancellationTokenSource(options.Value.MaxRunTime, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, limit.Token);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var handler = scope.ServiceProvider.GetRequiredKeyedService<IJobHandler>(job.Kind);
            await handler.HandleAsync(job with { MaxAttempts = registration.MaxAttempts }, linked.Token);
            return new JobOutcome.Completed(job.Id);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            if (JobFailures.IsPermanent(ex))
            {
                return DeadLetter(job, Describe(ex));
            }
            if (job.Attempt >= registration.MaxAttempts)
            {
                return DeadLetter(job, Describe(ex));
            }
            // The later of our backoff and the other side's own hint (a CRM's Retry-After): asking sooner only earns another 429.
            var wait = JobFailures.RetryAfter(ex) is { } asked && asked > Backoff(job.Attempt) ? asked : Backoff(job.Attempt);
            var retryAt = time.GetUtcNow() + wait;
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
