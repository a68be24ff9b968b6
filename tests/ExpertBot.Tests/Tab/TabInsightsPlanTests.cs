using ExpertBot.Features.Knowledge.Articles;
using ExpertBot.Features.Tab.Insights;
using ExpertBot.Storage;
using ExpertBot.Tests.Host;
using ExpertBot.Tests.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ExpertBot.Tests.Tab;

/// <summary>
/// SQLite's plans (EXPLAIN QUERY PLAN on the migrated schema) for the reads the speed targets rest on: each insights read is
/// a search or scan of an index that holds every column it reads (no look-up of each row in its table, no sort), and the
/// article refresh (every 5 s on each instance) is a range of (UpdatedAt, Id) in its order. A dropped index or a changed
/// query that loses it fails here rather than only in the bench.
/// </summary>
public sealed class TabInsightsPlanTests
{
    [Theory]
    [InlineData(nameof(InsightsReads.SqliteQuestions), InsightsReads.SqliteQuestions, "ix_questions_insights")]
    [InlineData(nameof(InsightsReads.QuestionIds), InsightsReads.QuestionIds, "ix_questions_insights")]
    [InlineData(nameof(InsightsReads.SqliteReplies), InsightsReads.SqliteReplies, "ix_contributions_insights")]
    [InlineData(nameof(InsightsReads.Open), InsightsReads.Open, "ix_invitations_open_insights")]
    [InlineData(nameof(InsightsReads.OpenQuestions), InsightsReads.OpenQuestions, "ix_invitations_open_insights")]
    [InlineData(nameof(InsightsReads.ClosedCount), InsightsReads.ClosedCount, "ix_question_knowledge_insights")]
    [InlineData(nameof(InsightsReads.Closed), InsightsReads.Closed, "ix_question_knowledge_insights")]
    [InlineData(nameof(InsightsReads.LinkCount), InsightsReads.LinkCount, "ix_article_links_insights")]
    [InlineData(nameof(InsightsReads.Links), InsightsReads.Links, "ix_article_links_insights")]
    public async Task Each_insights_read_is_one_covering_index(string read, string sql, string index)
    {
        var plan = await PlanAsync(sql);
        Assert.Contains(plan, step => step.Contains($"COVERING INDEX {index}", StringComparison.Ordinal));
        Assert.All(plan.Where(step => step.StartsWith("SEARCH", StringComparison.Ordinal) || step.StartsWith("SCAN", StringComparison.Ordinal)),
            step => Assert.True(step.Contains("COVERING INDEX", StringComparison.Ordinal), $"{read}: {step}"));
        Assert.DoesNotContain(plan, step => step.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_article_refresh_reads_a_range_of_its_index_in_order()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite, null!);
        await using var app = BotApp.With(database.Settings, ("Storage:Jobs:WorkerEnabled", "false"));
        var since = DateTimeOffset.UnixEpoch;
        await using var db = app.Services.GetRequiredService<ExpertBotDatabase>().CreateContext();
        // The shape of ArticleRefresh's page query.
        var sql = db.Set<Article>().AsNoTracking().Where(a => a.UpdatedAt >= since).OrderBy(a => a.UpdatedAt).ThenBy(a => a.Id).Take(200).ToQueryString();
        var plan = await PlanAsync(app, string.Join('\n', sql.Split('\n').Where(line => !line.StartsWith(".param", StringComparison.Ordinal))));
        Assert.Contains(plan, step => step.StartsWith("SEARCH", StringComparison.Ordinal) && step.Contains("IX_knowledge_articles_UpdatedAt_Id (UpdatedAt>?)", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }

    private static async Task<List<string>> PlanAsync(string sql)
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite, null!);
        await using var app = BotApp.With(database.Settings, ("Storage:Jobs:WorkerEnabled", "false"));
        return await PlanAsync(app, sql);
    }

    private static Task<List<string>> PlanAsync(BotApp app, string sql) =>
        app.Services.GetRequiredService<ExpertBotDatabase>().ReadAsync(async (connection, _) =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "EXPLAIN QUERY PLAN " + sql;
            var steps = new List<string>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                steps.Add(reader.GetString(3)); // id, parent, notused, detail
            }
            return steps;
        }, default);
}
