using ExpertBot.Storage;

namespace ExpertBot.Features.Health;

internal static partial class HealthEndpoints
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(3);

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        // Liveness: the process answers. Never depends on the database, or an outage would get every instance restarted.
        app.MapGet("/healthz", () => Results.Text("ok"));
        // Readiness: this instance can do its work, which needs the database.
        app.MapGet("/readyz", ReadyAsync);
        return app;
    }

    private static async Task<IResult> ReadyAsync(ExpertBotDatabase database, TimeProvider time, ILogger<ExpertBotDatabase> logger, CancellationToken ct)
    {
        using var timeout = new CancellationTokenSource(ReadyTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        try
        {
            await database.CheckReachableAsync(linked.Token);
            return Results.Text("ready");
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            // A probe's job is to turn any failure into a status; the reason goes to the log, not to the caller.
            LogNotReady(logger, ex);
            return Results.Text("database unreachable", statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    [LoggerMessage(EventId = 900, Level = LogLevel.Warning, Message = "Not ready: database unreachable")]
    private static partial void LogNotReady(ILogger logger, Exception exception);
}
