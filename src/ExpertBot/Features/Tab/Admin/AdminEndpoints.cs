namespace ExpertBot.Features.Tab.Admin;

/// <summary>
/// <c>GET /tab/api/admin</c> (pools, connector health, failed jobs) and <c>POST /tab/api/admin/jobs/{id}/retry</c>: admins
/// only (Roles:Admins), checked here on the server for each request.
/// </summary>
internal static class AdminEndpoints
{
    public static RouteGroupBuilder MapAdmin(this RouteGroupBuilder api)
    {
        api.MapGet("/admin", async (HttpContext http, AdminStatus status, CancellationToken ct) =>
            TabEndpoints.User(http).IsAdmin ? Results.Ok(await status.ReportAsync(ct)) : NotAdmin());
        api.MapPost("/admin/jobs/{id:long}/retry", async (long id, HttpContext http, JobRetry retry, CancellationToken ct) =>
        {
            var user = TabEndpoints.User(http);
            if (!user.IsAdmin)
            {
                return NotAdmin();
            }
            return await retry.RetryAsync(id, user, ct) switch
            {
                RetryResult.Queued => Results.Ok(new { id, queued = true }),
                RetryResult.Unknown => Results.Json(new { error = $"There is no job {id}." }, statusCode: StatusCodes.Status404NotFound),
                _ => Results.Json(new { error = $"Job {id} has not failed; only a failed job can be retried. Nothing changed." }, statusCode: StatusCodes.Status409Conflict),
            };
        });
        return api;
    }

    private static IResult NotAdmin() => Results.Json(new { error = "The admin page is for admins (Roles:Admins)." }, statusCode: StatusCodes.Status403Forbidden);
}
