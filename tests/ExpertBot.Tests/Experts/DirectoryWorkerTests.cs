using ExpertBot.Features.Experts;
using ExpertBot.Tests.Host;
using Microsoft.Extensions.DependencyInjection;

namespace ExpertBot.Tests.Experts;

public sealed class DirectoryWorkerTests
{
    [Fact]
    public async Task The_app_starts_with_the_demo_company()
    {
        await using var factory = new BotApp();
        _ = factory.CreateClient();
        var directory = factory.Services.GetRequiredService<ExpertDirectory>();

        var alex = await directory.FindByAccountAsync(new() { Id = "user-id-0", AadObjectId = "1a000000-0000-4000-8000-000000000000" }, default);

        Assert.Equal("Alex Wilber", alex?.DisplayName);
        Assert.True((await directory.GetCandidatesAsync(default)).Count >= 50);
    }

    [Fact]
    public void With_Source_Graph_one_sync_job_is_enqueued_per_interval_slot_whatever_the_instance()
    {
        var interval = TimeSpan.FromMinutes(15);
        var at = new DateTimeOffset(2026, 3, 2, 9, 1, 0, TimeSpan.Zero);

        var first = DirectorySyncJob.For(at, interval);
        var sameSlot = DirectorySyncJob.For(at.AddMinutes(13), interval);
        var nextSlot = DirectorySyncJob.For(at.AddMinutes(14), interval);

        Assert.Equal(DirectorySyncJob.Kind, first.Kind);
        Assert.Equal(first.DedupKey, sameSlot.DedupKey);
        Assert.NotEqual(first.DedupKey, nextSlot.DedupKey);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 9, 15, 0, TimeSpan.Zero), DirectorySyncJob.NextSlot(at, interval));
    }

    [Fact]
    public async Task The_sync_job_runs_the_sync()
    {
        await using var h = new GraphHarness();
        h.AddUsers(3);

        await new DirectorySyncJob(h.Sync).HandleAsync(new ExpertBot.Storage.Jobs.JobContext(1, DirectorySyncJob.Kind, "k", "{}", null, 1), default);

        Assert.Equal(3, (await h.Store.ListRoutableAsync(default)).Count);
    }
}
