using ExpertBot.Features.Tab.Insights;
using ExpertBot.Tests.Host;
using ExpertBot.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ExpertBot.Tests.Tab;

/// <summary>
/// The insights' hand-written reads on both providers (SQLite and PostgreSQL store times and flags differently): the same
/// hand-built questions as <see cref="TabInsightsTests"/> give the same figures.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class TabInsightsProviderTests(PostgresServer server)
{
    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task The_figures_are_the_same_on_each_provider(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, server);
        await using var app = BotApp.With(database.Settings, ("Storage:Jobs:WorkerEnabled", "false"));
        await TabInsightsTests.SeedAsync(app.Services);
        var query = app.Services.GetRequiredService<InsightsQuery>();
        var from = new DateTimeOffset(2026, 11, 16, 0, 0, 0, TimeSpan.Zero);

        var all = await query.ReportAsync(new InsightsFilter(null, from, from.AddDays(19)), default);
        var identity = await query.ReportAsync(new InsightsFilter("Identity", from, from.AddDays(19)), default);

        Assert.Equal(6, all.Questions);
        Assert.Equal([1, 2, 3], all.QuestionsPerWeek.Select(w => w.Questions));
        Assert.Equal((3, 90.0, 2000.0), (all.FirstResponse.Questions, all.FirstResponse.MedianMinutes, all.FirstResponse.P90Minutes));
        Assert.Equal((120.0, 300.0), (all.Resolution.MedianMinutes, all.Resolution.P90Minutes));
        Assert.Equal(new Share(5, 6), all.SentToExperts);
        Assert.Equal(new Share(1, 4), all.NobodyJoined);
        Assert.Equal(new Share(1, 6), all.AnsweredFromKnowledge);
        Assert.Equal((new Share(2, 3), new Share(1, 2)), (all.Knowledge.LinkRate, all.Knowledge.Reuse));
        Assert.Equal([(1, 2, 3.0), (1, 1, 5.0)], all.TopContributors.Select(c => (c.AcceptedAnswers, c.Replies, c.AverageRating!.Value)));
        Assert.Equal(2, all.Load.Sum(l => l.OpenInvitations));
        Assert.Equal((3, new Share(1, 3)), (identity.Questions, identity.NobodyJoined));
    }
}
