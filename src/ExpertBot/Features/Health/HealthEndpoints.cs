namespace ExpertBot.Features.Health;

internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => Results.Text("ok"));
        // No database yet: ready as soon as the host takes requests.
        app.MapGet("/readyz", () => Results.Text("ready"));
        return app;
    }
}
