using ExpertBot.Storage;
using ExpertBot.Storage.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ExpertBot.Tests.Storage;

/// <summary>
/// The SQLite writers' turn (<see cref="SqliteWriteGate"/>) is always handed on: after a commit, after a rollback, and
/// after a transaction left without either (an exception), so no later write can wait for a turn nobody gives back.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class SqliteWriteGateTests(PostgresServer server)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Every_way_out_of_a_write_transaction_lets_the_next_writer_in()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite, server);
        await using var host = await StorageHost.StartAsync(database);
        var db = host.Services.GetRequiredService<ExpertBotDatabase>();
        Assert.NotNull(db.WriteGate);

        await using (var committed = db.CreateContext())
        {
            await using var tx = await committed.Database.BeginTransactionAsync();
            await committed.EnqueueJobAsync(new NewJob(StorageHost.Kind, "committed", "{}"), host.Clock.GetUtcNow(), default);
            await tx.CommitAsync();
        }
        await using (var rolledBack = db.CreateContext())
        {
            await using var tx = await rolledBack.Database.BeginTransactionAsync();
            await rolledBack.EnqueueJobAsync(new NewJob(StorageHost.Kind, "rolled-back", "{}"), host.Clock.GetUtcNow(), default);
            await tx.RollbackAsync();
        }
        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await using var abandoned = db.CreateContext();
            await using var tx = await abandoned.Database.BeginTransactionAsync();
            await abandoned.EnqueueJobAsync(new NewJob(StorageHost.Kind, "abandoned", "{}"), host.Clock.GetUtcNow(), default);
            throw new InvalidOperationException("the feature failed before committing");
        });

        // Both kinds of writer still get their turn: the job store's group commit and another EF transaction.
        Assert.True(await host.Queue.EnqueueAsync(new NewJob(StorageHost.Kind, "after", "{}"), default).WaitAsync(Bound));
        await using (var next = db.CreateContext())
        {
            await using var tx = await next.Database.BeginTransactionAsync().WaitAsync(Bound);
            await tx.CommitAsync();
        }
        await using var read = db.CreateContext();
        Assert.Equal(["after", "committed"], (await read.Set<Job>().Select(j => j.DedupKey).ToListAsync()).Order());
    }

    [Fact]
    public async Task A_transaction_that_cannot_start_because_another_process_holds_the_file_lets_the_next_writer_in()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite, server);
        await using var host = await StorageHost.StartAsync(database);
        var db = host.Services.GetRequiredService<ExpertBotDatabase>();

        // Another process's writer (a connection of its own, outside this process's turns) holds the write lock.
        await using (var other = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db.SqlitePath}"))
        {
            await other.OpenAsync();
            await using (var pragma = other.CreateCommand())
            {
                pragma.CommandText = "PRAGMA busy_timeout = 0; BEGIN IMMEDIATE;";
                await pragma.ExecuteNonQueryAsync();
            }
            // This process's transaction waits busy_timeout (10 s) for the file, then fails to start.
            await using var blocked = db.CreateContext();
            await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => blocked.Database.BeginTransactionAsync().WaitAsync(Bound));
            await using var rollback = other.CreateCommand();
            rollback.CommandText = "ROLLBACK;";
            await rollback.ExecuteNonQueryAsync();
        }

        Assert.True(await host.Queue.EnqueueAsync(new NewJob(StorageHost.Kind, "after", "{}"), default).WaitAsync(Bound));
        await using var next = db.CreateContext();
        await using var tx = await next.Database.BeginTransactionAsync().WaitAsync(Bound);
        await tx.CommitAsync();
    }
}
