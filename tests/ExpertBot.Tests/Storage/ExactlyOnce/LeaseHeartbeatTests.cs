using ExpertBot.Storage.Jobs;
using Microsoft.Extensions.Time.Testing;

namespace ExpertBot.Tests.Storage.ExactlyOnce;

/// <summary>
/// Short leases with a heartbeat: a job that runs for many leases stays with its instance while that instance renews it,
/// and once the instance is gone (no more heartbeats) another one takes the job over within one lease, not minutes.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class LeaseHeartbeatTests(PostgresServer server)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    [Theory, SqliteData, PostgresData]
    public async Task A_long_job_stays_with_its_live_instance_and_moves_within_one_lease_after_it_died(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, server);
        var clock = new FakeTimeProvider(StorageHost.Start);
        var jobsA = new TestJobs();
        var slow = jobsA.Gate("slow");
        var jobsB = new TestJobs();
        await using var a = await StorageHost.StartAsync(database, jobsA, clock);
        await using var b = await StorageHost.StartAsync(database, jobsB, clock);
        var options = new JobOptions();
        Assert.True(await a.Queue.EnqueueAsync(new NewJob(StorageHost.Kind, "slow", "{}"), default));
        var (claimed, done) = await a.Runner.StartRoundAsync(10, default);
        Assert.Equal(1, claimed);
        await jobsA.WhenStarted("slow").WaitAsync(Limit);

        // A minute (six leases) of A's heartbeats: B never gets the job.
        for (var at = TimeSpan.Zero; at < TimeSpan.FromMinutes(1); at += options.HeartbeatInterval)
        {
            clock.Advance(options.HeartbeatInterval);
            Assert.Equal(1, await a.Runner.RenewLeasesAsync(default));
            Assert.Equal(0, await b.Runner.RunOnceAsync(default));
        }
        Assert.Equal(clock.GetUtcNow() + options.LeaseDuration, (await b.RowAsync("slow")).LeaseExpiresAt);

        // A dies (its heartbeats stop): the job is B's once the last renewed lease ran out.
        clock.Advance(options.LeaseDuration - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await b.Runner.RunOnceAsync(default));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await b.Runner.RunOnceAsync(default));
        var row = await b.RowAsync("slow");
        Assert.Equal(JobStatus.Completed, row.Status);
        Assert.Equal(2, row.Attempts);

        // Were A only stalled, not dead: its late heartbeat and its late completion change nothing of B's.
        Assert.Equal(0, await a.Runner.RenewLeasesAsync(default));
        slow.SetResult();
        await done.WaitAsync(Limit);
        Assert.Equal(row.CompletedAt, (await b.RowAsync("slow")).CompletedAt);
        Assert.Equal(2, (await b.RowAsync("slow")).Attempts);
    }

    [Theory]
    [InlineData("00:00:10", "00:00:06", "00:04:00")]
    [InlineData("00:00:10", "00:00:00.050", "00:04:00")]
    [InlineData("00:00:10", "00:00:03", "00:00:00.500")]
    public void A_heartbeat_that_cannot_keep_the_lease_or_a_run_time_under_a_second_is_refused(string lease, string heartbeat, string maxRun)
    {
        var options = new JobOptions { LeaseDuration = TimeSpan.Parse(lease, System.Globalization.CultureInfo.InvariantCulture), HeartbeatInterval = TimeSpan.Parse(heartbeat, System.Globalization.CultureInfo.InvariantCulture), MaxRunTime = TimeSpan.Parse(maxRun, System.Globalization.CultureInfo.InvariantCulture) };
        Assert.NotNull(JobOptions.Check(options));
        Assert.Null(JobOptions.Check(new JobOptions()));
    }
}
