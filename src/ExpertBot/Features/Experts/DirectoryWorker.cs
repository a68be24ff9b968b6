using ExpertBot.Integrations.Graph;
using Microsoft.Extensions.Options;

namespace ExpertBot.Features.Experts;

/// <summary>
/// Fills the directory: a JSON file is loaded before the app takes traffic (a bad file stops
/// start-up with its problems listed); Graph is synced now and every Graph:SyncInterval.
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
            await store.ApplyAsync([.. people.Select(p => new DirectoryEntry(p, ProfilePending: false, SeenInRun: 0))],
                await store.GetSyncStateAsync(ct), ct);
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
        var sync = services.GetRequiredService<GraphDirectorySync>();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await sync.RunAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // Nothing is lost: the checkpoint says where the next run picks up.
                Log.SyncFailed(logger, e);
            }
            await Task.Delay(graphOptions.Value.SyncInterval, time, stoppingToken);
        }
    }

    [LoggerMessage(EventId = 410, Level = LogLevel.Information, Message = "Directory: {Count} people loaded from {Path}")]
    private static partial void Loaded(ILogger logger, int count, string path);
}
