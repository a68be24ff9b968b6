using Microsoft.Extensions.Options;

namespace ExpertBot.Storage.Jobs;

/// <summary>
/// Runs jobs while the host runs. Jobs enqueued here are claimed by the commit that stores them (when there is room);
/// this loop claims the rest as long as there is work, then sleeps until the in-process signal (a local commit it did
/// not claim from, a finished round) or the poll interval (retries coming due, other instances' jobs, expired leases of
/// crashed instances).
/// Nothing is run before the application has started: the hosted services that start after this one build what jobs
/// read (the routing index, the search index, the directory), and a job run before them would act on an empty world
/// (a question taken over from a killed instance was once routed to nobody by the instance that restarted).
/// </summary>
internal sealed class JobWorker(
    JobRunner runner, JobQueue queue, JobStore store, JobEffects effects, JobSignal signal, TimeProvider time, IOptions<JobOptions> options,
    IHostApplicationLifetime lifetime, ILogger<JobWorker> logger)
    : BackgroundService
{
    private static readonly TimeSpan PruneEvery = TimeSpan.FromMinutes(10);

    // Cancelled first thing on stop: detaches the worker from the queue and cancels the jobs it claimed through it.
    private readonly CancellationTokenSource _stopping = new();
    // Completed by the host once every hosted service has started.
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenRegistration _onStarted;
    private int _disposed;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.WorkerEnabled)
        {
            // Commits that store new jobs claim them for this worker straight away; the loop below finds the rest. Both
            // wait for the application to have started. The host runs this callback as it announces the start, before its
            // own StartAsync returns, so the commit path is in place once the host has started.
            _onStarted = lifetime.ApplicationStarted.Register(() =>
            {
                runner.AttachTo(queue, _stopping.Token);
                _started.TrySetResult();
            });
        }
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // A host may stop a worker it has already disposed (seen when a test host is torn down): nothing is left to
        // cancel then, and stopping must not fail.
        if (Volatile.Read(ref _disposed) == 0)
        {
            await _stopping.CancelAsync();
        }
        _started.TrySetCanceled(CancellationToken.None); // Stopped before the application started: the loop has nothing to wait for.
        await base.StopAsync(cancellationToken);
    }

    public override void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _onStarted.Dispose();
            _started.TrySetCanceled();
            _stopping.Cancel();
            _stopping.Dispose();
        }
        base.Dispose();
    }


    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!o.WorkerEnabled)
        {
            return;
        }
        try
        {
            await _started.Task.WaitAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return; // Stopped before the application started: nothing was claimed.
        }
        var rounds = new List<Task>();
        var heartbeat = HeartbeatAsync(stoppingToken);
        var nextPrune = time.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            signal.Reset();
            // The poll's delay starts before looking for work, not after: a clock that moves while the worker looks (a
            // test's fake clock jumping past a timer's due time) then still ends the wait that follows.
            using var poll = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var pollDue = Task.Delay(o.PollInterval, time, poll.Token);
            rounds.RemoveAll(r => r.IsCompleted);
            // Claim ahead of the free slots by up to one slot's worth, so slots never idle while jobs wait in the
            // database, but claimed jobs do not sit out their leases queued here either.
            var claim = runner.NextClaim();
            var claimed = 0;
            try
            {
                if (claim is not null)
                {
                    (claimed, var done) = await runner.StartRoundAsync(claim, stoppingToken);
                    rounds.Add(ObserveAsync(done));
                }
                if (time.GetUtcNow() >= nextPrune)
                {
                    nextPrune = time.GetUtcNow() + PruneEvery;
                    var pruned = await store.PruneAsync(o.CompletedRetention, stoppingToken);
                    if (pruned > 0)
                    {
                        Log.Pruned(logger, pruned);
                    }
                    if (await effects.PruneAsync(o.CompletedRetention, stoppingToken) is > 0 and var gone)
                    {
                        Log.EffectsPruned(logger, gone);
                    }
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The database may be briefly unreachable; a background loop that died would leave jobs unrun until restart.
                Log.WorkerRoundFailed(logger, ex);
            }
            if (claim is null || claimed < claim.Limit)
            {
                try
                {
                    // Woken by a local enqueue or a finished round; otherwise look again after the poll interval.
                    await signal.WaitAsync(pollDue, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
            await poll.CancelAsync(); // Its timer is not needed once the loop goes round.
        }
        // Running rounds record their outcomes (or release their jobs) before the host stops.
        queue.DetachWorker();
        await Task.WhenAll(rounds);
        await runner.WhenRoundsDoneAsync().ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await heartbeat.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>
    /// Renews the leases of the jobs this instance runs every <see cref="JobOptions.HeartbeatInterval"/>, so the lease can be
    /// short: a killed instance stops renewing, and its jobs are taken over once their short lease ran out.
    /// </summary>
    private async Task HeartbeatAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.HeartbeatInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await runner.RenewLeasesAsync(stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    // The database may be briefly unreachable: the next beat tries again, well before the leases run out.
                    Log.HeartbeatFailed(logger, ex, runner.InFlight);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
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
}
