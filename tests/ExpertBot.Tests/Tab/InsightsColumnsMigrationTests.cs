using ExpertBot.Features.Questions;
using ExpertBot.Features.Tab.Insights;
using ExpertBot.Storage;
using ExpertBot.Tests.Host;
using ExpertBot.Tests.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace ExpertBot.Tests.Tab;

/// <summary>
/// The InsightsColumns migration on questions stored before it, on both providers: it fills each question's first
/// invitation and first expert response from its invitations and replies, so the insights of the hand-built data set
/// (<see cref="TabInsightsTests"/>) are the same as when the question kept them itself.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class InsightsColumnsMigrationTests(PostgresServer server)
{
    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Existing_questions_get_their_first_invitation_and_first_expert_response(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, server);
        await using var app = BotApp.With(database.Settings, ("Storage:Jobs:WorkerEnabled", "false"));
        var access = app.Services.GetRequiredService<ExpertBotDatabase>();
        await TabInsightsTests.SeedAsync(app.Services, stored: false);
        Assert.Empty(await StoredAsync(access, q => q.FirstInvitedAt != null || q.FirstResponseAt != null));

        // Back to before the migration (the columns go) and forward again: its fill runs on the stored questions.
        await MigrateAsync(access, "Insights");
        await MigrateAsync(access, null);

        // Asked at, then minutes to the first invitation and to the first response (null: none).
        var rows = (await StoredAsync(access, _ => true))
            .Select(q => (q.Title, q.CreatedAt, Invited: Minutes(q.CreatedAt, q.FirstInvitedAt), Responded: Minutes(q.CreatedAt, q.FirstResponseAt)))
            .OrderBy(r => r.CreatedAt).Select(r => (r.Title, r.Invited, r.Responded)).ToList();
        (string, double?, double?)[] expected =
        [
            ("A question about Identity", 0, null), // Q7: Lee's invitation still open
            ("A question about Identity", 0, 10), // Q1: Megan took it after 10 min (her reply came at 30)
            ("A question about Identity", 0, 90), // Q2: Lee took it after 90 min (Megan had timed out)
            ("A question about Identity", 0, null), // Q3: both timed out
            ("A question about Billing", null, null), // Q4: answered from the knowledge base, no experts
            ("A question about Billing", 0, null), // Q5: still looking
            ("A question about Billing", 0, 2000), // Q6: Lee declined but replied after 2,000 min
        ];
        Assert.Equal(expected, rows);

        var report = await app.Services.GetRequiredService<InsightsQuery>().ReportAsync(
            new InsightsFilter(null, new DateTimeOffset(2026, 11, 16, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 5, 0, 0, 0, TimeSpan.Zero)), default);
        Assert.Equal((3, 90.0, 2000.0), (report.FirstResponse.Questions, report.FirstResponse.MedianMinutes, report.FirstResponse.P90Minutes));
        Assert.Equal((new Share(5, 6), new Share(1, 4), new Share(1, 6)), (report.SentToExperts, report.NobodyJoined, report.AnsweredFromKnowledge));
    }

    private static double? Minutes(DateTimeOffset from, DateTimeOffset? to) => to is { } at ? (at - from).TotalMinutes : null;

    private static async Task<List<Question>> StoredAsync(ExpertBotDatabase database, System.Linq.Expressions.Expression<Func<Question, bool>> where)
    {
        await using var db = database.CreateContext();
        return await db.Set<Question>().AsNoTracking().Where(where).ToListAsync();
    }

    private static async Task MigrateAsync(ExpertBotDatabase database, string? target)
    {
        await using var db = database.CreateContext();
        await db.GetService<IMigrator>().MigrateAsync(target);
    }
}
