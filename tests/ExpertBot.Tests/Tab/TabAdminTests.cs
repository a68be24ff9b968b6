using System.Net;
using ExpertBot.Features.Routing;
using ExpertBot.Storage;
using ExpertBot.Storage.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ExpertBot.Tests.Tab;

/// <summary>
/// The admin page's API: admins only (refused for everyone else, and for bad tokens); the pools as configured; the outbox's
/// backlog and failed jobs; a retry puts one failed job back to run now, for one more attempt, and changes nothing else.
/// </summary>
public sealed class TabAdminTests : IAsyncLifetime
{
    private const string Admin = "0c000000-0000-4000-8000-0000000000c1";
    private const string Pm = "0c000000-0000-4000-8000-0000000000c2";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 9, 0, 0, TimeSpan.Zero));
    private TabHost _host = null!;

    public Task InitializeAsync()
    {
        // The demo company's pools (appsettings.json), one setting changed as an operator would.
        _host = new TabHost(_time, ("Roles:Admins:0", Admin), ("Roles:ProductManagers:0", Pm), ("Routing:Pools:0:ExpertsPerStep", "2"));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<(Job Dead, Job Pending, Job Done, int MaxAttempts)> SeedJobsAsync()
    {
        var registration = _host.Services.GetServices<JobHandlerRegistration>().First(r => r.MaxAttempts > 1);
        var now = _time.GetUtcNow();
        Job Make(string key, JobStatus status, int attempts, string? error) => new()
        {
            Kind = registration.Kind, DedupKey = $"test-{key}-{Guid.NewGuid():N}", Payload = "{}", Status = status, Attempts = attempts, LastError = error,
            RunAfter = now.AddHours(-2), CreatedAt = now.AddHours(-3), UpdatedAt = now.AddHours(-1), CompletedAt = status == JobStatus.Completed ? now.AddHours(-1) : null,
        };
        var dead = Make("dead", JobStatus.DeadLettered, registration.MaxAttempts, "CrmException: the case system said 500");
        var pending = Make("pending", JobStatus.Pending, 2, "HttpRequestException: connection refused");
        var done = Make("done", JobStatus.Completed, 1, null);
        await using var db = _host.Services.GetRequiredService<ExpertBotDatabase>().CreateContext();
        db.AddRange(dead, pending, done);
        await db.SaveChangesAsync();
        return (dead, pending, done, registration.MaxAttempts);
    }

    private async Task<Job> JobAsync(long id)
    {
        await using var db = _host.Services.GetRequiredService<ExpertBotDatabase>().CreateContext();
        return await db.Set<Job>().AsNoTracking().SingleAsync(j => j.Id == id);
    }

    [Fact]
    public async Task The_admin_sees_the_pools_as_configured_and_the_outbox_health()
    {
        var (dead, pending, _, _) = await SeedJobsAsync();

        var report = await _host.JsonAsync("/tab/api/admin", Admin);

        var configured = _host.Services.GetRequiredService<IOptions<RoutingOptions>>().Value.Pools;
        var pools = report["pools"]!.AsArray();
        Assert.Equal(configured.Select(p => p.Name), pools.Select(p => p!["name"]!.ToString()));
        Assert.Equal(2, pools[0]!["expertsPerStep"]!.GetValue<int>());
        foreach (var (options, pool) in configured.Zip(pools))
        {
            Assert.Equal(options.Products, pool!["products"]!.AsArray().Select(p => p!.ToString()));
            Assert.Equal(options.Topics, pool["topics"]!.AsArray().Select(p => p!.ToString()));
            Assert.Equal(options.ExpertsPerStep, pool["expertsPerStep"]!.GetValue<int>());
            Assert.Equal(options.InvitationTimeout.TotalMinutes, pool["invitationTimeoutMinutes"]!.GetValue<double>());
            Assert.Equal(options.MaxSteps, pool["maxSteps"]!.GetValue<int>());
            Assert.Equal(options.ChannelId, pool["channelId"]?.ToString());
            Assert.Equal(options.Delivery.ToString(), pool["delivery"]!.ToString());
            Assert.Equal(options.Fallback.SupervisorId, pool["fallbackSupervisorId"]?.ToString());
            // Named as the demo directory knows the supervisor (Diego Siciliani in every demo pool).
            Assert.Equal("Diego Siciliani", pool["fallbackSupervisorName"]?.ToString());
        }
        Assert.Equal("Json", report["directory"]!["source"]!.ToString());

        var backlog = Assert.Single(report["outbox"]!.AsArray(), b => b!["kind"]!.ToString() == pending.Kind)!;
        Assert.True(backlog["pending"]!.GetValue<int>() >= 1);
        Assert.True(backlog["retrying"]!.GetValue<int>() >= 1);
        var failed = Assert.Single(report["failed"]!.AsArray(), f => f!["id"]!.GetValue<long>() == dead.Id)!;
        Assert.Equal("CrmException: the case system said 500", failed["lastError"]!.ToString());
        Assert.True(report["failedTotal"]!.GetValue<int>() >= 1);
    }

    [Fact]
    public async Task A_retry_puts_only_a_failed_job_back_once_and_only_for_an_admin()
    {
        var (dead, pending, done, maxAttempts) = await SeedJobsAsync();

        // Not an admin, or not signed in properly: refused, and the job stays failed.
        Assert.Equal(HttpStatusCode.Forbidden, (await _host.SendAsync(HttpMethod.Post, $"/tab/api/admin/jobs/{dead.Id}/retry", _host.Token(Pm))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _host.SendAsync(HttpMethod.Get, "/tab/api/admin", _host.Token(Pm))).StatusCode);
        foreach (var (name, token) in _host.BadTokens(Admin, Pm))
        {
            var response = await _host.SendAsync(HttpMethod.Post, $"/tab/api/admin/jobs/{dead.Id}/retry", token);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{name}: {response.StatusCode}");
            Assert.Equal(HttpStatusCode.Unauthorized, (await _host.SendAsync(HttpMethod.Get, "/tab/api/admin", token)).StatusCode);
        }
        Assert.Equal(JobStatus.DeadLettered, (await JobAsync(dead.Id)).Status);

        // Jobs that have not failed are refused and unchanged; an unknown one is not found.
        foreach (var job in new[] { pending, done })
        {
            Assert.Equal(HttpStatusCode.Conflict, (await _host.SendAsync(HttpMethod.Post, $"/tab/api/admin/jobs/{job.Id}/retry", _host.Token(Admin))).StatusCode);
            var after = await JobAsync(job.Id);
            Assert.Equal((job.Status, job.Attempts, job.RunAfter, job.UpdatedAt), (after.Status, after.Attempts, after.RunAfter, after.UpdatedAt));
        }
        Assert.Equal(HttpStatusCode.NotFound, (await _host.SendAsync(HttpMethod.Post, "/tab/api/admin/jobs/987654321/retry", _host.Token(Admin))).StatusCode);

        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(HttpStatusCode.OK, (await _host.SendAsync(HttpMethod.Post, $"/tab/api/admin/jobs/{dead.Id}/retry", _host.Token(Admin))).StatusCode);
        var retried = await JobAsync(dead.Id);
        Assert.Equal(JobStatus.Pending, retried.Status);
        Assert.Equal(_time.GetUtcNow(), retried.RunAfter); // due now
        Assert.Equal(maxAttempts - 1, retried.Attempts); // its claim makes it the last attempt: one more try
        Assert.Equal(dead.Payload, retried.Payload);

        // Queued once: a second click finds it pending, not failed.
        Assert.Equal(HttpStatusCode.Conflict, (await _host.SendAsync(HttpMethod.Post, $"/tab/api/admin/jobs/{dead.Id}/retry", _host.Token(Admin))).StatusCode);
        Assert.Equal(retried.UpdatedAt, (await JobAsync(dead.Id)).UpdatedAt);
    }
}
