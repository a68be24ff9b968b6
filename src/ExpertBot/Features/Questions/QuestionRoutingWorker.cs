using ExpertBot.Features.Routing;
using Microsoft.Extensions.Options;

namespace ExpertBot.Features.Questions;

/// <summary>
/// Builds the index before the app takes traffic (registered after storage and the directory, whose start-up runs
/// first), then refreshes it every Routing:RefreshInterval: the directory has no change feed, and other instances
/// resolve questions and record declines this one never hears about.
/// </summary>
internal sealed partial class QuestionRoutingWorker(QuestionRouting routing, IOptions<RoutingOptions> options, TimeProvider time, ILogger<QuestionRoutingWorker> logger)
    : BackgroundService
{
    public override async Task StartAsync(CancellationToken ct)
    {
        await routing.RefreshAsync(ct);
        await base.StartAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RefreshInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await routing.RefreshAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // The index keeps what it had; the next tick tries again.
                RefreshFailed(logger, e);
            }
        }
    }

    [LoggerMessage(EventId = 651, Level = LogLevel.Warning, Message = "Routing index refresh failed; keeping the current index")]
    private static partial void RefreshFailed(ILogger logger, Exception exception);
}
