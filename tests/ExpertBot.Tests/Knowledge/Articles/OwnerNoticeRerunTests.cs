using ExpertBot.Storage.Jobs;
using ExpertBot.Tests.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ExpertBot.Tests.Knowledge.Articles;

/// <summary>
/// The owner's card job run again, as an instance runs a job whose first run died before it was recorded complete: the
/// send was recorded (job effects), so the owner gets the draft once.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class OwnerNoticeRerunTests(PostgresServer server)
{
    private const string Asker = "0c4a1f0e-aaaa-4bbb-8ccc-000000000011";
    private const string Expert = "0c4a1f0e-aaaa-4bbb-8ccc-000000000012";

    [Theory, SqliteData, PostgresData]
    public async Task The_owner_gets_the_draft_once_when_its_job_runs_again(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, server);
        await using var host = KnowledgeBaseHost.Start(database);
        await host.ResolveAsync(host.Person(Asker, "Alex Wilber"), host.Person(Expert, "Megan Bowen"),
            "Barcode scanning in the warehouse app freezes on Honeywell handhelds",
            "The handheld's scanner service crashes on the old firmware. Update the Honeywell firmware to 2.4 from the device portal and restart the handheld.");

        // Run round by round, keeping each owner notice as it was stored (a completed job keeps no payload).
        var runner = host.Get<JobRunner>();
        var notices = new Dictionary<long, Job>();
        for (var round = 0; round < 50; round++)
        {
            await using (var db = host.Get<ExpertBot.Storage.ExpertBotDatabase>().CreateContext())
            {
                foreach (var job in await db.Set<Job>().AsNoTracking().Where(j => j.Kind == "knowledge.notify-owner" && j.Status != JobStatus.Completed).ToListAsync())
                {
                    notices.TryAdd(job.Id, job);
                }
            }
            if (await runner.RunOnceAsync(default) == 0)
            {
                break;
            }
        }
        var notice = Assert.Single(notices.Values);
        Assert.Single(host.SentTo(Expert, "You are its owner"));

        await using (var scope = host.Services.CreateAsyncScope())
        {
            var handler = scope.ServiceProvider.GetRequiredKeyedService<IJobHandler>(notice.Kind);
            await handler.HandleAsync(new JobContext(notice.Id, notice.Kind, notice.DedupKey, notice.Payload, notice.OrderingKey, notice.Attempts + 1), default);
        }

        Assert.Single(host.SentTo(Expert, "You are its owner"));
    }
}
