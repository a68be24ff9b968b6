using ExpertBot.Storage;
using ExpertBot.Storage.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ExpertBot.Tests.Storage;

/// <summary>
/// The running worker (WorkerEnabled): a commit that stores jobs also claims them for the local worker, and the
/// worker's outcomes are recorded in later commits. The same lease rules as a separate claim: on SQLite and PostgreSQL.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class JobGroupCommitTests(PostgresServer server)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    [Theory, SqliteData, PostgresData]
    public async Task A_job_is_leased_by_the_commit_that_stores_it_and_runs_once(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, server);
        var jobs = new TestJobs();
        var gate = jobs.Gate("held");
        var clock = new FakeTimeProvider(StorageHost.Start);
        await using (var host = await StorageHost.StartAsync(database, jobs, clock, workerEnabled: true))
        {
            Assert.True(await host.Queue.EnqueueAsync(new NewJob(StorageHost.Kind, "held", "{}"), default));

            // When the enqueue returns, the row is already this worker's: no separate claim transaction was needed.
            var row = await host.RowAsync("held");
            Assert.Equal(JobStatus.Running, row.Status);
            Assert.Equal(host.Runner.Owner, row.LeaseOwner);
            Assert.Equal(1, row.Attempts);
            Assert.Equal(StorageHost.Start + new JobOptions().LeaseDuration, row.LeaseExpiresAt);
            await jobs.WhenStarted("held").WaitAsync(Limit);

            gate.SetResult();
            await jobs.WhenFinished("held").WaitAsync(Limit);
        } // Stopping waits for the worker's rounds to record their outcomes.

        await using var after = await StorageHost.StartAsync(database, jobs, clock);
        var done = await after.RowAsync("held");
        Assert.Equal(JobStatus.Completed, done.Status);
        Assert.Null(done.LeaseOwner);
        Assert.Equal(1, Assert.Single(jobs.Runs).Value);
        Assert.Equal(0, await after.Runner.RunOnceAsync(default));
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_new_job_is_started_after_an_older_claimable_job_of_its_ordering_key(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, server);
        var jobs = new TestJobs();
        // "first" finishes once "second" started, or after a second: "second" must not start while "first" runs, so it
        // is the second that passes.
        jobs.Witnesses["first"] = jobs.WhenStarted("second").WaitAsync(TimeSpan.FromSeconds(1));
        await using var host = await StorageHost.StartAsync(database, jobs, workerEnabled: true);

        // An older job of the same conversation, stored by a feature's transaction and not yet claimed (no wake-up).
        await using (var db = host.Services.GetRequiredService<ExpertBotDatabase>().CreateContext())
        {
            await db.EnqueueJobAsync(new NewJob(StorageHost.Kind, "first", "{}") { OrderingKey = "conv" }, host.Clock.GetUtcNow(), default);
        }
        Assert.True(await host.Queue.EnqueueAsync(new NewJob(StorageHost.Kind, "second", "{}") { OrderingKey = "conv" }, default));
        await Task.WhenAll(jobs.WhenFinished("first"), jobs.WhenFinished("second")).WaitAsync(Limit);

        var events = jobs.Events.ToList();
        Assert.True(events.IndexOf("start:second") > events.IndexOf("done:first"), string.Join(", ", events));
        Assert.Equal(["first", "second"], jobs.Finished);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Two_running_instances_enqueueing_the_same_jobs_run_each_exactly_once(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, server);
        var jobs = new TestJobs();
        const int Count = 150;
        await using (var a = await StorageHost.StartAsync(database, jobs, workerEnabled: true, claimBatchSize: 7))
        await using (var b = await StorageHost.StartAsync(database, jobs, workerEnabled: true, claimBatchSize: 7))
        {
            // Both instances receive every job (as with a redelivery to another instance): one row each, run once.
            var stored = await Task.WhenAll(Enumerable.Range(0, Count).SelectMany(i => new[] { a, b }.Select(host =>
                Task.Run(() => host.Queue.EnqueueAsync(new NewJob(StorageHost.Kind, $"job-{i}", "{}") { OrderingKey = $"conv-{i % 5}" }, default)))));
            Assert.Equal(Count, stored.Count(s => s));
            await Task.WhenAll(Enumerable.Range(0, Count).Select(i => jobs.WhenFinished($"job-{i}"))).WaitAsync(Limit);
        }

        await using var after = await StorageHost.StartAsync(database, jobs);
        Assert.Equal(Count, jobs.Runs.Count);
        Assert.All(jobs.Runs.Values, n => Assert.Equal(1, n));
        var rows = await after.RowsAsync();
        Assert.Equal(Count, rows.Count);
        Assert.All(rows, r => Assert.Equal(JobStatus.Completed, r.Status));
        Assert.All(rows, r => Assert.Equal(1, r.Attempts));
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_job_leased_at_enqueue_by_a_hung_instance_is_run_by_another_after_the_lease(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, server);
        var jobsA = new TestJobs();
        var hung = jobsA.Hang("stuck"); // Instance A's run ignores its time limit and never finishes on its own.
        var jobsB = new TestJobs();
        var clock = new FakeTimeProvider(StorageHost.Start);
        // A's worker does not poll within the test (it would take its own expired lease again, which is allowed too).
        // Its heartbeat renews the lease of a running job only up to the job's max run time: past it (hung), the lease runs out.
        var quietA = new Dictionary<string, string?>(database.Settings) { ["Storage:Jobs:PollInterval"] = "01:00:00", ["Storage:Jobs:MaxRunTime"] = "00:00:05" };
        var lease = new JobOptions().LeaseDuration;
        await using var a = await StorageHost.StartAsync(quietA, jobsA, clock, workerEnabled: true);
        await using var b = await StorageHost.StartAsync(database, jobsB, clock);
        await using var release = new Release(hung); // a failing assertion must not leave A's stop waiting on the hang
        Assert.True(await a.Queue.EnqueueAsync(new NewJob(StorageHost.Kind, "stuck", "{}"), default));
        await jobsA.WhenStarted("stuck").WaitAsync(Limit);

        Assert.Equal(0, await b.Runner.RunOnceAsync(default)); // A holds the lease it took when storing the job
        clock.Advance(lease - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await b.Runner.RunOnceAsync(default));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await b.Runner.RunOnceAsync(default));

        var row = await b.RowAsync("stuck");
        Assert.Equal(JobStatus.Completed, row.Status);
        Assert.Equal(2, row.Attempts);
        // A finally finishes: its completion is refused (the lease is B's, and B completed the job).
        hung.SetResult();
        await jobsA.WhenFinished("stuck").WaitAsync(Limit);
        await a.DisposeAsync(); // waits for A to record its outcome
        Assert.Equal(row.CompletedAt, (await b.RowAsync("stuck")).CompletedAt);
        Assert.Equal(1, jobsA.Runs.Single().Value);
        Assert.Equal(1, jobsB.Runs.Single().Value);
    }

    private sealed class Release(TaskCompletionSource hang) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            hang.TrySetResult();
            return ValueTask.CompletedTask;
        }
    }
}
