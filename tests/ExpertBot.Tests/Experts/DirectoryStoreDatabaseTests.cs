using ExpertBot.Features.Experts;
using ExpertBot.Storage;
using ExpertBot.Tests.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ExpertBot.Tests.Experts;

/// <summary>The Graph sync on the real database, on SQLite and PostgreSQL.</summary>
[Collection(StorageCollection.Name)]
public sealed class DirectoryStoreDatabaseTests(PostgresServer server)
{
    [Theory, SqliteData, PostgresData]
    public async Task An_interrupted_sync_resumes_from_the_database_checkpoint(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, server);
        await using var host = await StorageHost.StartAsync(database);
        var db = host.Services.GetRequiredService<ExpertBotDatabase>();
        // Fail the 6th request (a $batch after the second listing page) of the first run.
        {
            await using var h = new GraphHarness(store: new DatabaseDirectoryStore(db, host.Clock, Options.Create(new DirectoryOptions())));
            h.Graph.PageSize = 15;
            h.AddUsers(40);
            h.Graph.Fault((_, number) => number == 6, 500);

            await Assert.ThrowsAnyAsync<Exception>(() => h.Sync.RunAsync(default));
            var checkpoint = await h.Store.GetSyncStateAsync(default);
            Assert.Equal(SyncPhase.Listing, checkpoint.Phase);
            Assert.NotNull(checkpoint.NextLink);

            // A new process: a new store over the same database.
            await using var resumed = new GraphHarness(store: new DatabaseDirectoryStore(db, host.Clock, Options.Create(new DirectoryOptions())), graph: h.Graph);
            await resumed.Sync.RunAsync(default);

            var people = await resumed.Store.ListRoutableAsync(default);
            Assert.Equal(40, people.Count);
            Assert.All(people, p => Assert.Single(p.Skills));
            Assert.All(h.Graph.ProfileSteps.GroupBy(id => id), g => Assert.Single(g));
            await using var context = db.CreateContext();
            Assert.Equal(40, await context.Set<DirectoryPersonRow>().CountAsync());

            h.Graph.Delete(GraphHarness.UserId(7));
            h.Graph.Update(GraphHarness.UserId(8), u => u with { AccountEnabled = false });
            await resumed.Sync.RunAsync(default);
            Assert.Equal(38, (await resumed.Store.ListRoutableAsync(default)).Count);
            Assert.True((await resumed.Store.FindAsync(GraphHarness.UserId(7), default))!.Person.Removed);
        }
    }

    [Theory, SqliteData, PostgresData]
    public async Task Preferences_survive_a_restart_and_a_sync(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, server);
        await using var host = await StorageHost.StartAsync(database);
        var db = host.Services.GetRequiredService<ExpertBotDatabase>();
        var id = GraphHarness.UserId(1);
        var store = new DatabaseDirectoryStore(db, host.Clock, Options.Create(new DirectoryOptions()));
        await store.SavePreferencesAsync(new ExpertPreferences(id) { MaxInvitationsPerDay = 2, Quiet = new QuietHours(new(22, 0), new(7, 0)) }.AskAbout("SAML"), default);

        var again = await new DatabaseDirectoryStore(db, host.Clock, Options.Create(new DirectoryOptions())).GetPreferencesAsync(id.ToUpperInvariant(), default);

        Assert.Equal(2, again!.MaxInvitationsPerDay);
        Assert.Equal(new QuietHours(new(22, 0), new(7, 0)), again.Quiet);
        Assert.Equal(["SAML"], again.AskMeAbout);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Settings_read_for_routing_are_reused_briefly_and_a_save_here_counts_at_once(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, server);
        await using var host = await StorageHost.StartAsync(database);
        var db = host.Services.GetRequiredService<ExpertBotDatabase>();
        var options = Options.Create(new DirectoryOptions { SettingsCacheTime = TimeSpan.FromSeconds(5) });
        var here = new DatabaseDirectoryStore(db, host.Clock, options);
        var elsewhere = new DatabaseDirectoryStore(db, host.Clock, options); // another instance on the same database
        string[] ids = ["megan", "adele"];
        Assert.Empty(await here.GetPreferencesAsync(ids, default));

        await here.SavePreferencesAsync(new ExpertPreferences("megan") { MaxInvitationsPerDay = 2 }, default);
        await elsewhere.SavePreferencesAsync(new ExpertPreferences("adele") { MaxInvitationsPerDay = 4 }, default);

        var soon = await here.GetPreferencesAsync(ids, default);
        Assert.Equal(2, soon["megan"].MaxInvitationsPerDay); // saved on this instance: at once
        Assert.False(soon.ContainsKey("adele")); // saved on another: not yet
        host.Clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(4, (await here.GetPreferencesAsync(ids, default))["adele"].MaxInvitationsPerDay);
    }
}
