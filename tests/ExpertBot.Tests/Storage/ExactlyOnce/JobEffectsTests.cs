using ExpertBot.Storage.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace ExpertBot.Tests.Storage.ExactlyOnce;

/// <summary>The effect record every job's sends go through: done once per job and step, found again by a re-run, pruned with the jobs.</summary>
[Collection(StorageCollection.Name)]
public sealed class JobEffectsTests(PostgresServer server)
{
    [Theory, SqliteData, PostgresData]
    public async Task An_effect_recorded_by_one_run_is_not_done_again_by_the_next(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, server);
        await using var host = await StorageHost.StartAsync(database);
        var effects = host.Services.GetRequiredService<JobEffects>();
        var job = new JobContext(7, "questions.notify", "questions.notify|7|1", "{}", null, Attempt: 1);
        var sends = 0;
        Task<EffectResult> Send(CancellationToken ct) => Task.FromResult(new EffectResult($"activity-{++sends}", "a:chat-1"));

        var first = await effects.OnceAsync(job, "send", Send, default);
        // The same job run again (another instance, after the first died before completing it).
        var again = await effects.OnceAsync(job with { Attempt = 2 }, "send", Send, default);

        Assert.Equal(1, sends);
        Assert.True(first.Ran);
        Assert.False(again.Ran);
        Assert.Equal(("activity-1", "a:chat-1"), (again.ExternalId, again.Location));
        // Another step of the job, and the same step of another job, are their own.
        await effects.OnceAsync(job, "1:1|expert-2", Send, default);
        await effects.OnceAsync(job with { DedupKey = "questions.notify|8|1" }, "send", Send, default);
        Assert.Equal(3, sends);

        // Kept as long as completed jobs are (their dedup keys), then pruned: a job of that key later is a new one.
        host.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));
        Assert.Equal(3, await effects.PruneAsync(TimeSpan.FromDays(1), default));
        Assert.True((await effects.OnceAsync(job, "send", Send, default)).Ran);
        Assert.Equal(4, sends);
    }
}
