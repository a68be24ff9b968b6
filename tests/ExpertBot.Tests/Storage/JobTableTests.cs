using ExpertBot.Storage;
using ExpertBot.Storage.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ExpertBot.Tests.Storage;

/// <summary>The same cases on SQLite and on a real PostgreSQL server.</summary>
[Collection(StorageCollection.Name)]
public sealed class JobTableTests(PostgresServer server)
{
    [Theory, SqliteData, PostgresData]
    public async Task Migrations_apply_on_an_empty_database(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, server);
        await using var host = await StorageHost.StartAsync(database);

        await using var db = host.Services.GetRequiredService<ExpertBotDatabase>().CreateContext();
        var all = db.Database.GetMigrations().ToList();
        Assert.NotEmpty(all);
        Assert.Equal(all, await db.Database.GetAppliedMigrationsAsync());
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(0, await db.Set<Job>().CountAsync());
        if (provider == TestDatabase.Sqlite)
        {
            await using var connection = db.Database.GetDbConnection();
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode";
            Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
        }
    }

    [Theory, SqliteData, PostgresData]
    public async Task Enqueue_with_the_same_dedup_key_stores_one_job(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, server);
        await using var host = await StorageHost.StartAsync(database);

        Assert.True(await host.Queue.EnqueueAsync(new NewJob(StorageHost.Kind, "k-1", """{"n":1}"""), default));
        Assert.False(await host.Queue.EnqueueAsync(new NewJob(StorageHost.Kind, "k-1", """{"n":2}"""), default));
        // Racing duplicates land in one group-commit batch: exactly one of them is stored.
        var racing = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => host.Queue.EnqueueAsync(new NewJob(StorageHost.Kind, "k-2", $$"""{"n":{{i}}}"""), default)));

        Assert.Single(racing, stored => stored);
        var rows = await host.RowsAsync();
        Assert.Equal(["k-1", "k-2"], rows.Select(r => r.DedupKey));
        Assert.Equal("""{"n":1}""", rows[0].Payload);
        Assert.All(rows, r => Assert.Equal(JobStatus.Pending, r.Status));
        Assert.All(rows, r => Assert.Equal(StorageHost.Start, r.RunAfter));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Invalid_job_is_refused_and_stores_nothing(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, server);
        await using var host = await StorageHost.StartAsync(database);

        await Assert.ThrowsAsync<ArgumentException>(() => host.Queue.EnqueueAsync(new NewJob("", "k", "{}"), default));
        await Assert.ThrowsAsync<ArgumentException>(() => host.Queue.EnqueueAsync(new NewJob(StorageHost.Kind, new string('x', 401), "{}"), default));

        Assert.Empty(await host.RowsAsync());
    }

    [Theory, SqliteData, PostgresData]
    public async Task Claimed_jobs_run_once_and_completion_is_recorded(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, server);
        await using var host = await StorageHost.StartAsync(database);
        foreach (var key in new[] { "a", "b", "c" })
        {
            await host.Queue.EnqueueAsync(NewJob.Json(StorageHost.Kind, key, new { key }), default);
        }
        host.Clock.Advance(TimeSpan.FromSeconds(7));

        Assert.Equal(3, await host.Runner.RunOnceAsync(default));
        Assert.Equal(0, await host.Runner.RunOnceAsync(default));

        Assert.Equal(3, host.Jobs.Runs.Count);
        Assert.All(host.Jobs.Runs.Values, n => Assert.Equal(1, n));
        Assert.Contains("""{"key":"b"}""", host.Jobs.Payloads);
        var rows = await host.RowsAsync();
        Assert.All(rows, r =>
        {
            Assert.Equal(JobStatus.Completed, r.Status);
            Assert.Equal(1, r.Attempts);
            Assert.Equal(StorageHost.Start.AddSeconds(7), r.CompletedAt);
            Assert.Null(r.LeaseOwner);
            Assert.Equal("", r.Payload);
        });
    }

    [Theory, SqliteData, PostgresData]
    public async Task Expired_lease_is_claimed_again_and_the_old_owner_cannot_record(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, server);
        await using var host = await StorageHost.StartAsync(database);
        await host.Queue.EnqueueAsync(new NewJob(StorageHost.Kind, "lease", "{}"), default);
        var lease = TimeSpan.FromMinutes(5);

        // Instance A claims and then "crashes" (never records an outcome).
        var first = Assert.Single(await host.Store.ClaimAsync("instance-a", 10, lease, default));
        Assert.Equal(1, first.Attempt);
        Assert.Empty(await host.Store.ClaimAsync("instance-b", 10, lease, default));
        host.Clock.Advance(lease - TimeSpan.FromSeconds(1));
        Assert.Empty(await host.Store.ClaimAsync("instance-b", 10, lease, default));

        host.Clock.Advance(TimeSpan.FromSeconds(1));
        var again = Assert.Single(await host.Store.ClaimAsync("instance-b", 10, lease, default));

        Assert.Equal(first.Id, again.Id);
        Assert.Equal(2, again.Attempt);
        // A wakes up late: its lease is gone, so its completion must not overwrite B's claim.
        await host.Store.RecordAsync("instance-a", [new JobOutcome.Completed(first.Id)], default);
        var row = await host.RowAsync("lease");
        Assert.Equal(JobStatus.Running, row.Status);
        Assert.Equal("instance-b", row.LeaseOwner);
        Assert.Equal(host.Clock.GetUtcNow() + lease, row.LeaseExpiresAt);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Claims_take_the_earliest_due_first_and_leave_timers_not_yet_due(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, server);
        await using var host = await StorageHost.StartAsync(database);
        var start = StorageHost.Start;
        // Stored first, so the lowest id: claimed by an instance that then stops; its lease runs out at +1 min.
        await host.Queue.EnqueueAsync(new NewJob(StorageHost.Kind, "lease", "{}"), default);
        Assert.Single(await host.Store.ClaimAsync("instance-a", 1, TimeSpan.FromMinutes(1), default));
        await host.Queue.EnqueueAsync(new NewJob(StorageHost.Kind, "late", "{}") { RunAfter = start.AddMinutes(10) }, default);
        await host.Queue.EnqueueAsync(new NewJob(StorageHost.Kind, "soon", "{}") { RunAfter = start.AddSeconds(30) }, default);
        await host.Queue.EnqueueAsync(new NewJob(StorageHost.Kind, "now", "{}"), default);
        host.Clock.Advance(TimeSpan.FromMinutes(2));

        // Due: now (+0), soon (+30 s), the expired lease (+1 min); late is a timer for +10 min.
        async Task<string[]> ClaimAsync(int limit) =>
            [.. (await host.Store.ClaimAsync("instance-b", limit, TimeSpan.FromHours(1), default)).Select(j => j.DedupKey).Order()];
        Assert.Equal(["now", "soon"], await ClaimAsync(2));
        Assert.Equal(["lease"], await ClaimAsync(2));
        Assert.Empty(await ClaimAsync(2));
        host.Clock.Advance(TimeSpan.FromMinutes(8));
        Assert.Equal(["late"], await ClaimAsync(2));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Interactive_jobs_are_claimed_before_an_older_background_backlog_each_lane_within_its_own_room(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, server);
        await using var host = await StorageHost.StartAsync(database);
        foreach (var key in new[] { "bg-1", "bg-2", "bg-3" })
        {
            await host.Queue.EnqueueAsync(new NewJob(StorageHost.Kind, key, "{}"), default);
        }
        host.Clock.Advance(TimeSpan.FromSeconds(1));
        foreach (var key in new[] { "turn-1", "turn-2" })
        {
            await host.Queue.EnqueueAsync(new NewJob(StorageHost.Kind, key, "{}") { Lane = JobLane.Interactive }, default);
        }
        async Task<JobWriteResult> WriteAsync(JobClaim claim, params NewJob[] inserts) =>
            await host.Store.WriteAsync(new JobWrite(inserts, [], claim), host.Clock.GetUtcNow(), default);
        JobClaim Claim(int limit, int interactive, int background) =>
            new("me", limit, TimeSpan.FromMinutes(5)) { InteractiveLimit = interactive, BackgroundLimit = background };

        // The turns were due later, yet go first; the background lane had room for one, its earliest.
        var first = await WriteAsync(Claim(3, 3, 1));
        Assert.Equal(["bg-1", "turn-1", "turn-2"], first.Claimed.Select(j => j.DedupKey).Order());
        Assert.Equal(JobLane.Interactive, first.Claimed.Single(j => j.DedupKey == "turn-1").Lane);
        Assert.Equal(JobLane.Background, first.Claimed.Single(j => j.DedupKey == "bg-1").Lane);
        // A full background lane claims no background row, and a new turn is leased as it is stored while the
        // background job stored beside it waits: its lane has no room, and older background rows are still waiting.
        var second = await WriteAsync(Claim(5, 5, 0),
            new NewJob(StorageHost.Kind, "turn-3", "{}") { Lane = JobLane.Interactive }, new NewJob(StorageHost.Kind, "bg-4", "{}"));
        Assert.Equal(["turn-3"], second.Claimed.Select(j => j.DedupKey));
        Assert.Equal(JobStatus.Running, (await host.RowAsync("turn-3")).Status);
        Assert.Equal(JobLane.Interactive, (await host.RowAsync("turn-3")).Lane);
        Assert.Equal(JobStatus.Pending, (await host.RowAsync("bg-4")).Status);
        Assert.Equal(["bg-2", "bg-3", "bg-4"], (await WriteAsync(Claim(5, 0, 5))).Claimed.Select(j => j.DedupKey).Order());
    }

    [Theory, SqliteData, PostgresData]
    public async Task Background_jobs_filling_their_slots_do_not_hold_up_an_interactive_one(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, server);
        var jobs = new TestJobs();
        var slow = jobs.Gate("bg-slow");
        // bg-next needs the one background slot, which bg-slow holds: it must not start before bg-slow ends.
        jobs.Witnesses["turn"] = jobs.WhenStarted("bg-next").WaitAsync(TimeSpan.FromMilliseconds(200));
        var settings = new Dictionary<string, string?>(database.Settings) { ["Storage:Jobs:Concurrency"] = "1", ["Storage:Jobs:InteractiveConcurrency"] = "1" };
        await using var host = await StorageHost.StartAsync(settings, jobs);
        var limit = TimeSpan.FromSeconds(15);

        await host.Queue.EnqueueAsync(new NewJob(StorageHost.Kind, "bg-slow", "{}"), default);
        var (_, first) = await host.Runner.StartRoundAsync(10, default); // holds the background slot
        await jobs.WhenStarted("bg-slow").WaitAsync(limit);
        await host.Queue.EnqueueAsync(new NewJob(StorageHost.Kind, "bg-next", "{}"), default);
        await host.Queue.EnqueueAsync(new NewJob(StorageHost.Kind, "turn", "{}") { Lane = JobLane.Interactive }, default);
        var (claimed, second) = await host.Runner.StartRoundAsync(10, default);

        Assert.Equal(2, claimed);
        await jobs.WhenFinished("turn").WaitAsync(limit); // in its own lane's slot, while the background one is taken
        Assert.DoesNotContain("start:bg-next", jobs.Events);
        slow.SetResult();
        await Task.WhenAll(first, second).WaitAsync(limit);
        Assert.Equal(["turn", "bg-slow", "bg-next"], jobs.Finished);
        Assert.All(await host.RowsAsync(), r => Assert.Equal(JobStatus.Completed, r.Status));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Failing_job_retries_with_backoff_then_is_dead_lettered(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, server);
        var jobs = new TestJobs { FailWith = "CRM is down" };
        await using var host = await StorageHost.StartAsync(database, jobs);
        await host.Queue.EnqueueAsync(new NewJob(StorageHost.Kind, "flaky", "{}"), default);

        Assert.Equal(1, await host.Runner.RunOnceAsync(default));
        var row = await host.RowAsync("flaky");
        Assert.Equal(JobStatus.Pending, row.Status);
        Assert.Equal(StorageHost.Start + TimeSpan.FromSeconds(5), row.RunAfter); // base delay
        Assert.Contains("CRM is down", row.LastError, StringComparison.Ordinal);

        host.Clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(0, await host.Runner.RunOnceAsync(default)); // not due yet
        host.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await host.Runner.RunOnceAsync(default));
        Assert.Equal(host.Clock.GetUtcNow() + TimeSpan.FromSeconds(10), (await host.RowAsync("flaky")).RunAfter); // doubled

        host.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, await host.Runner.RunOnceAsync(default));
        row = await host.RowAsync("flaky");
        Assert.Equal(JobStatus.DeadLettered, row.Status);
        Assert.Equal(StorageHost.MaxAttempts, row.Attempts);
        Assert.Contains("CRM is down", row.LastError, StringComparison.Ordinal);

        host.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await host.Runner.RunOnceAsync(default));
        Assert.Equal(StorageHost.MaxAttempts, jobs.Runs.Single().Value);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Job_of_an_unknown_kind_is_dead_lettered_without_running(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, server);
        await using var host = await StorageHost.StartAsync(database);
        await host.Queue.EnqueueAsync(new NewJob("no-such-kind", "orphan", "{}"), default);

        Assert.Equal(1, await host.Runner.RunOnceAsync(default));

        var row = await host.RowAsync("orphan");
        Assert.Equal(JobStatus.DeadLettered, row.Status);
        Assert.Contains("no-such-kind", row.LastError, StringComparison.Ordinal);
        Assert.Empty(host.Jobs.Runs);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Two_workers_claiming_concurrently_run_every_job_exactly_once(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, server);
        var jobs = new TestJobs();
        // Two hosts: separate connection pools and contexts, as two instances would have.
        await using var a = await StorageHost.StartAsync(database, jobs, claimBatchSize: 7);
        await using var b = await StorageHost.StartAsync(database, jobs, claimBatchSize: 7);
        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => a.Queue.EnqueueAsync(new NewJob(StorageHost.Kind, $"job-{i}", "{}"), default)));

        async Task<int> DrainAsync(StorageHost host)
        {
            var total = 0;
            int claimed;
            while ((claimed = await host.Runner.RunOnceAsync(default)) > 0)
            {
                total += claimed;
            }
            return total;
        }
        var counts = await Task.WhenAll(Task.Run(() => DrainAsync(a)), Task.Run(() => DrainAsync(b)));

        Assert.Equal(200, counts.Sum());
        Assert.Equal(200, jobs.Runs.Count);
        Assert.All(jobs.Runs.Values, n => Assert.Equal(1, n));
        Assert.All(await a.RowsAsync(), r => Assert.Equal(JobStatus.Completed, r.Status));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Completed_jobs_are_pruned_after_the_retention(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, server);
        await using var host = await StorageHost.StartAsync(database);
        await host.Queue.EnqueueAsync(new NewJob(StorageHost.Kind, "old", "{}"), default);
        await host.Runner.RunOnceAsync(default);
        host.Clock.Advance(TimeSpan.FromHours(2));
        await host.Queue.EnqueueAsync(new NewJob(StorageHost.Kind, "pending", "{}"), default);

        Assert.Equal(0, await host.Store.PruneAsync(TimeSpan.FromHours(3), default));
        Assert.Equal(1, await host.Store.PruneAsync(TimeSpan.FromHours(1), default));

        Assert.Equal(["pending"], (await host.RowsAsync()).Select(r => r.DedupKey));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Pruning_deletes_every_expired_row_in_batches_not_one_batch_per_call(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, server);
        await using var host = await StorageHost.StartAsync(database, claimBatchSize: 8);
        for (var i = 0; i < 7; i++)
        {
            await host.Queue.EnqueueAsync(new NewJob(StorageHost.Kind, $"old-{i}", "{}"), default);
        }
        Assert.Equal(7, await host.Runner.RunOnceAsync(default));
        host.Clock.Advance(TimeSpan.FromHours(2));

        // Three transactions of at most 3 rows: 3, 3, then 1 (fewer than a batch: nothing older is left).
        Assert.Equal(7, await host.Store.PruneAsync(TimeSpan.FromHours(1), default, batch: 3));
        Assert.Empty(await host.RowsAsync());
    }

    [Theory, SqliteData, PostgresData]
    public async Task Job_enqueued_in_a_feature_transaction_exists_only_if_it_commits(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, server);
        await using var host = await StorageHost.StartAsync(database);
        await using var db = host.Services.GetRequiredService<ExpertBotDatabase>().CreateContext();
        var now = host.Clock.GetUtcNow();

        await using (var rolledBack = await db.Database.BeginTransactionAsync())
        {
            Assert.True(await db.EnqueueJobAsync(new NewJob(StorageHost.Kind, "outbox-1", "{}"), now, default));
            await rolledBack.RollbackAsync();
        }
        await using (var committed = await db.Database.BeginTransactionAsync())
        {
            Assert.True(await db.EnqueueJobAsync(new NewJob(StorageHost.Kind, "outbox-2", "{}"), now, default));
            Assert.False(await db.EnqueueJobAsync(new NewJob(StorageHost.Kind, "outbox-2", "{}"), now, default));
            await committed.CommitAsync();
        }

        Assert.Equal(["outbox-2"], (await host.RowsAsync()).Select(r => r.DedupKey));
        Assert.Equal(1, await host.Runner.RunOnceAsync(default));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Slow_job_does_not_hold_up_others_and_a_conversation_keeps_its_order(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, server);
        var jobs = new TestJobs();
        var slow = jobs.Gate("conv-1");
        // "other" runs beside conv-2; it finishes only once conv-2 started or a second passed. conv-2 must not start
        // while conv-1 (same conversation, earlier round) is still running, so it is the second that passes.
        jobs.Witnesses["other"] = jobs.WhenStarted("conv-2").WaitAsync(TimeSpan.FromSeconds(1));
        await using var host = await StorageHost.StartAsync(database, jobs);
        var limit = TimeSpan.FromSeconds(15);

        await host.Queue.EnqueueAsync(new NewJob(StorageHost.Kind, "conv-1", "{}") { OrderingKey = "conv" }, default);
        var (_, first) = await host.Runner.StartRoundAsync(10, default); // conv-1 starts and blocks
        await host.Queue.EnqueueAsync(new NewJob(StorageHost.Kind, "conv-2", "{}") { OrderingKey = "conv" }, default);
        await host.Queue.EnqueueAsync(new NewJob(StorageHost.Kind, "other", "{}"), default);
        var (claimed, second) = await host.Runner.StartRoundAsync(10, default);

        Assert.Equal(2, claimed);
        await jobs.WhenFinished("other").WaitAsync(limit); // not held up by the blocked job of the earlier round
        // Its completion is recorded while conv-1 still blocks and conv-2 waits in its round: not when the round ends.
        var deadline = DateTime.UtcNow + limit;
        while ((await host.RowAsync("other")).Status != JobStatus.Completed)
        {
            Assert.True(DateTime.UtcNow < deadline, "the finished job's completion was not recorded while its round ran");
            await Task.Yield();
        }
        Assert.Equal(JobStatus.Running, (await host.RowAsync("conv-2")).Status);
        slow.SetResult();
        await Task.WhenAll(first, second).WaitAsync(limit);

        var events = jobs.Events.ToList();
        Assert.True(events.IndexOf("start:conv-2") > events.IndexOf("done:conv-1"), string.Join(", ", events)); // conv-2 waited for conv-1
        Assert.Equal(["other", "conv-1", "conv-2"], jobs.Finished);
        Assert.All(await host.RowsAsync(), r => Assert.Equal(JobStatus.Completed, r.Status));
        Assert.Equal(0, host.Runner.InFlight);
    }
}
