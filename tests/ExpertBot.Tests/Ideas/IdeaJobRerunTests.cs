using System.Text.Json.Nodes;
using ExpertBot.Features.Ideas;
using ExpertBot.Storage;
using ExpertBot.Storage.Jobs;
using ExpertBot.Tests.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ExpertBot.Tests.Ideas;

/// <summary>
/// The ideas' jobs run again, as an instance runs a job whose first run died before it was recorded complete: the channel
/// post and each agent's note were recorded as sent (job effects), so the second run sends nothing.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class IdeaJobRerunTests(PostgresServer server)
{
    private const string Alex = "0a000000-0000-4000-8000-0000000000a1";

    [Theory, SqliteData, PostgresData]
    public async Task The_channel_post_and_the_agents_notes_are_sent_once_when_their_jobs_run_again(string provider)
    {
        await using var host = await IdeaHost.StartAsync(provider, server, ("Storage:Jobs:WorkerEnabled", "false"));
        var runner = host.Services.GetRequiredService<JobRunner>();
        await host.ClickAsync(Alex, "submitIdea", new JsonObject
        {
            ["title"] = "Scheduled export of the audit log", ["details"] = "", ["customer"] = "Fabrikam", ["importance"] = "critical", ["product"] = "Billing",
        });
        // Each job as it was stored (a completed job keeps no payload), then run as the worker runs it.
        var jobs = await DueAsync(host.Services, "ideas.post");
        await RunDueAsync(runner);
        var manage = await host.ChannelCardAsync("Scheduled export of the audit log");
        await host.ClickAsync(IdeaHost.Pm, "setIdeaStatus", IdeaHost.With(manage, ("status", "Planned"), ("response", "In the next release.")), channel: IdeaHost.IdeasChannel);
        jobs.AddRange(await DueAsync(host.Services, "ideas.notify"));
        await RunDueAsync(runner);
        await host.Connector.NextAsync(r => IdeaHost.Has(r.Body, "In the next release."));

        Assert.Equal(["ideas.notify", "ideas.post"], jobs.Select(j => j.Kind).Order(StringComparer.Ordinal));
        var sent = host.Connector.All.Count;
        foreach (var job in jobs)
        {
            await using var scope = host.Services.CreateAsyncScope();
            var handler = scope.ServiceProvider.GetRequiredKeyedService<IJobHandler>(job.Kind);
            await handler.HandleAsync(new JobContext(job.Id, job.Kind, job.DedupKey, job.Payload, job.OrderingKey, job.Attempts + 1), default);
        }

        Assert.Equal(sent, host.Connector.All.Count);
        var idea = (await host.Ideas.FindAsync(IdeaHost.IdOf(manage), default))!;
        Assert.NotNull(idea.ThreadConversationId);
    }

    private static async Task RunDueAsync(JobRunner runner)
    {
        while (await runner.RunOnceAsync(default) > 0)
        {
        }
    }

    private static async Task<List<Job>> DueAsync(IServiceProvider services, string kind)
    {
        await using var db = services.GetRequiredService<ExpertBotDatabase>().CreateContext();
        return await db.Set<Job>().AsNoTracking().Where(j => j.Kind == kind && j.Status != JobStatus.Completed).ToListAsync();
    }
}
