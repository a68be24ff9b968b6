using Microsoft.Extensions.Options;

namespace ExpertBot.Storage.Jobs;

/// <summary>
/// Runs jobs while the host runs: claims as long as there is work, then sleeps until the in-process signal (a local
/// commit) or the poll interval (retries coming due, other instances' jobs, expired leases of crashed instances).
/// </summary>
internal sealed class JobWorker(JobRunner runner, JobStore store, JobSignal signal, TimeProvider time, IOptions<JobOptions> options, ILogger<JobWorker> logger)
    : BackgroundService
{
    private static readonly TimeSpan PruneEvery = TimeSpan.FromMinutes(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!o.WorkerEnabled)
        {
            return;
        }
        var nextPrune = time.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            signal.Reset();
            var claimed = 0;
            try
            {
                claimed = await runner.RunOnceAsync(stoppingToken);
                if (time.GetUtcNow() >= nextPrune)
                {
                    nextPrune = time.GetUtcNow() + PruneEvery;
                    var pruned = await store.PruneAsync(o.CompletedRetention, stoppingToken);
                    if (pruned > 0)
                    {
                        Log.Pruned(logger, pruned);
                    }
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The database may be briefly unreachable; a background loop that died would leave jobs unrun until restart.
                Log.WorkerRoundFailed(logger, ex);
            }
            if (claimed == 0)
            {
                try
                {
                    await signal.WaitAsync(o.PollInterval, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
