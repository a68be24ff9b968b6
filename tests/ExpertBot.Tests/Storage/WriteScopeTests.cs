using ExpertBot.Storage;
using ExpertBot.Storage.Jobs;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ExpertBot.Tests.Storage;

/// <summary>
/// <see cref="ExpertBotDatabase.WriteAsync{T}"/>: all of a write commits or none of it does, and a write that failed
/// (in the caller's code or in the database) leaves the next one working; on SQLite that one runs on a fresh writing
/// connection, whose statements are prepared again.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class WriteScopeTests(PostgresServer server)
{
    private static readonly string[] SqliteFiles = ["", "-wal", "-shm"];

    [Theory, SqliteData, PostgresData]
    public async Task A_write_commits_whole_or_not_at_all_and_a_failed_one_leaves_the_next_working(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, server);
        await using var host = await StorageHost.StartAsync(database);
        var db = host.Services.GetRequiredService<ExpertBotDatabase>();
        var now = host.Clock.GetUtcNow();

        var stored = await db.WriteAsync(async scope =>
            await scope.EnqueueJobAsync(new NewJob(StorageHost.Kind, "first", "{}"), now, default)
            && await scope.EnqueueJobAsync(new NewJob(StorageHost.Kind, "second", "{}"), now, default), default);
        Assert.True(stored);
        // The caller fails after its first statement: that statement is rolled back.
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.WriteAsync(async scope =>
        {
            await scope.EnqueueJobAsync(new NewJob(StorageHost.Kind, "caller-failed", "{}"), now, default);
            throw new InvalidOperationException("the feature failed before committing");
        }, default));
        // The database refuses a statement (a NOT NULL column left null) after a good one: both are rolled back.
        var refused = await Record.ExceptionAsync(() => db.WriteAsync(async scope =>
        {
            await scope.EnqueueJobAsync(new NewJob(StorageHost.Kind, "database-failed", "{}"), now, default);
            var bad = scope.Statement("INSERT INTO jobs (kind, dedup_key, payload, status, attempts, run_after, created_at, updated_at) VALUES ('k', 'bad', NULL, 0, 0, 0, 0, 0)");
            await bad.ExecuteNonQueryAsync();
        }, default));
        Assert.True(refused is SqliteException or PostgresException, refused?.ToString());
        // The same statements again, on whatever connection the writer has now.
        Assert.False(await db.WriteAsync(scope => scope.EnqueueJobAsync(new NewJob(StorageHost.Kind, "first", "{}"), now, default), default));
        Assert.True(await db.WriteAsync(scope => scope.EnqueueJobAsync(new NewJob(StorageHost.Kind, "after", "{}"), now, default), default));

        Assert.Equal(["after", "first", "second"], (await host.RowsAsync()).Select(r => r.DedupKey).Order());
        // Other writers of the process still get their turn.
        Assert.True(await host.Queue.EnqueueAsync(new NewJob(StorageHost.Kind, "queued", "{}"), default).WaitAsync(TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task A_database_file_deleted_underneath_fails_the_next_write_instead_of_swallowing_it()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite, server);
        await using var host = await StorageHost.StartAsync(database);
        var db = host.Services.GetRequiredService<ExpertBotDatabase>();
        var now = host.Clock.GetUtcNow();
        Assert.True(await db.WriteAsync(scope => scope.EnqueueJobAsync(new NewJob(StorageHost.Kind, "before", "{}"), now, default), default));

        foreach (var file in SqliteFiles.Select(suffix => db.SqlitePath + suffix).Where(File.Exists))
        {
            File.Delete(file); // Linux lets an open file be unlinked; the writer's connection could go on writing into it.
        }

        await Assert.ThrowsAsync<SqliteException>(() =>
            db.WriteAsync(scope => scope.EnqueueJobAsync(new NewJob(StorageHost.Kind, "after", "{}"), now, default), default));
        Assert.False(File.Exists(db.SqlitePath)); // and no fresh empty database was created in its place
    }
}
