using ExpertBot.Integrations.Graph;
using ExpertBot.Storage.Jobs;
using Microsoft.Extensions.Options;

namespace ExpertBot.Features.Experts;

/// <summary>
/// Fills the directory: a JSON file is loaded before the app takes traffic (a bad file stops
/// start-up with its problems listed); Graph is synced by a durable job, one per
/// Graph:SyncInterval slot whichever instance enqueues it, run by whichever instance claims it.
/// </summary>
internal sealed partial class DirectoryWorker(
    IOptions<DirectoryOptions> options, IOptions<GraphOptions> graphOptions, IDirectoryStore store, IServiceProvider services,
    TimeProvider time, ILogger<DirectoryWorker> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken ct)
    {
        if (options.Value.Source == DirectorySource.Json)
        {
            var path = string.IsNullOrWhiteSpace(options.Value.JsonPath) ? JsonDirectory.DefaultPath : options.Value.JsonPath;
            var people = JsonDirectory.Load(path, time);
            // Loaded like a full sync: the file's people upserted, anyone no longer in it removed.
            var state = await store.GetSyncStateAsync(ct);
            var run = state with { Run = state.Run + 1 };
            await store.ApplyAsync([.. people.Select(p => new DirectoryEntry(p, ProfilePending: false, SeenInRun: run.Run))], run, ct);
            await store.RemoveUnseenAsync(run.Run, run, ct);
            Loaded(logger, people.Count, path);
        }
        await base.StartAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Source != DirectorySource.Graph)
        {
            return;
        }
        var queue = services.GetRequiredService<JobQueue>();
        while (!stoppingToken.IsCancellationRequested)
        {
            var interval = graphOptions.Value.SyncInterval;
            var now = time.GetUtcNow();
            try
            {
                await queue.EnqueueAsync(DirectorySyncJob.For(now, interval), stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // The database is away; the next slot tries again, and the checkpoint is safe.
                Log.SyncFailed(logger, e);
            }
            await Task.Delay(DirectorySyncJob.NextSlot(now, interval) - now, time, stoppingToken);
        }
    }

    [LoggerMessage(EventId = 410, Level = LogLevel.Information, Message = "Directory: {Count} people loaded from {Path}")]
    private static partial void Loaded(ILogger logger, int count, string path);
}
