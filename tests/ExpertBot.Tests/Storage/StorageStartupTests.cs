using ExpertBot.Storage;
using ExpertBot.Storage.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ExpertBot.Tests.Storage;

[Collection(StorageCollection.Name)]
public sealed class StorageStartupTests(PostgresServer server)
{
    [Fact]
    public void Each_provider_has_a_migration_for_every_model_change()
    {
        // A feature that added an entity but a migration for only one provider fails here, not at someone's start-up.
        using var sqlite = new SqliteDesignTimeFactory().CreateDbContext([]);
        using var postgres = new PostgresDesignTimeFactory().CreateDbContext([]);

        Assert.False(sqlite.Database.HasPendingModelChanges(), "SQLite migrations are behind the model: add one (see docs/operations.md, Storage).");
        Assert.False(postgres.Database.HasPendingModelChanges(), "PostgreSQL migrations are behind the model: add one (see docs/operations.md, Storage).");
    }

    [Fact]
    public async Task Postgres_without_a_connection_string_refuses_to_start_with_a_clear_error()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite, server);
        var settings = new Dictionary<string, string?>(database.Settings) { ["Storage:Provider"] = "Postgres" };

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StorageHost.StartAsync(settings));

        Assert.Contains("ConnectionStrings:ExpertBot", error.Message, StringComparison.Ordinal);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Worker_wakes_on_a_local_enqueue_without_waiting_for_the_poll(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, server);
        // The fake clock never advances, so the poll interval never passes: only the commit signal can wake the worker.
        await using var host = await StorageHost.StartAsync(database, workerEnabled: true);

        await host.Queue.EnqueueAsync(new NewJob(StorageHost.Kind, "wake", "{}"), default);

        await host.Jobs.FirstRun.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Single(host.Jobs.Runs);
    }
}
