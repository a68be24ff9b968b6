using ExpertBot.Features.Questions;
using ExpertBot.Storage;
using ExpertBot.Teams;
using ExpertBot.Tests.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace ExpertBot.Tests.Questions;

/// <summary>The WithdrawnInvitations migration on data stored before it, both ways, on both providers.</summary>
[Collection(StorageCollection.Name)]
public sealed class WithdrawnInvitationsMigrationTests(PostgresServer server)
{
    private static readonly DateTimeOffset Asked = new(2026, 2, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Closed = new(2026, 2, 3, 16, 30, 0, TimeSpan.Zero);

    [Theory, SqliteData, PostgresData]
    public async Task Invitations_left_waiting_on_closed_questions_are_withdrawn_as_of_the_closing_and_restored_when_rolled_back(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, server);
        await using var host = await StorageHost.StartAsync(database);
        var databaseAccess = host.Services.GetRequiredService<ExpertBotDatabase>();
        await using (var db = databaseAccess.CreateContext())
        {
            // As stored before the migration: a closing left the invitations nobody answered as they were.
            db.AddRange(
                Stored("resolved", QuestionStatus.Resolved, ("never-answered", InvitationStatus.Invited), ("joined", InvitationStatus.Accepted)),
                Stored("cancelled", QuestionStatus.Cancelled, ("never-answered", InvitationStatus.Invited)),
                Stored("still-open", QuestionStatus.InDiscussion, ("never-answered", InvitationStatus.Invited), ("joined", InvitationStatus.Accepted)));
            await db.SaveChangesAsync();
        }
        await MigrateAsync(databaseAccess, "JobLanes");
        Assert.Equal(0, await CountAsync(databaseAccess, InvitationStatus.Withdrawn));

        await MigrateAsync(databaseAccess, null);

        var rows = await RowsAsync(databaseAccess);
        Assert.Equal(
        [
            ("cancelled", "never-answered", InvitationStatus.Withdrawn, (DateTimeOffset?)Closed),
            ("resolved", "joined", InvitationStatus.Accepted, Asked),
            ("resolved", "never-answered", InvitationStatus.Withdrawn, Closed),
            ("still-open", "joined", InvitationStatus.Accepted, Asked),
            ("still-open", "never-answered", InvitationStatus.Invited, null),
        ], rows);

        await MigrateAsync(databaseAccess, "JobLanes");
        Assert.Equal(0, await CountAsync(databaseAccess, InvitationStatus.Withdrawn));
        Assert.Equal(3, await CountAsync(databaseAccess, InvitationStatus.Invited));
    }

    private static Question Stored(string title, QuestionStatus status, params (string Expert, InvitationStatus Status)[] invitations) => new()
    {
        AskerId = "asker",
        AskerName = "Alex Wilber",
        AskerChat = new ConversationRef("http://localhost/_connector", "msteams", "chat", null, null),
        Title = title,
        Status = status,
        CreatedAt = Asked,
        LastActivityAt = Closed,
        Invitations = [.. invitations.Select(i => new Invitation
        {
            ExpertId = i.Expert,
            ExpertName = i.Expert,
            Reason = "test",
            Status = i.Status,
            InvitedAt = Asked,
            AnsweredAt = i.Status == InvitationStatus.Invited ? null : Asked,
        })],
    };

    private static async Task MigrateAsync(ExpertBotDatabase database, string? target)
    {
        await using var db = database.CreateContext();
        await db.GetService<IMigrator>().MigrateAsync(target);
    }

    private static async Task<int> CountAsync(ExpertBotDatabase database, InvitationStatus status)
    {
        await using var db = database.CreateContext();
        return await db.Set<Invitation>().CountAsync(i => i.Status == status);
    }

    private static async Task<List<(string, string, InvitationStatus, DateTimeOffset?)>> RowsAsync(ExpertBotDatabase database)
    {
        await using var db = database.CreateContext();
        var rows = await db.Set<Invitation>().Join(db.Set<Question>(), i => i.QuestionId, q => q.Id,
            (i, q) => new { q.Title, i.ExpertId, i.Status, i.AnsweredAt }).ToListAsync();
        return [.. rows.Select(r => (r.Title, r.ExpertId, r.Status, r.AnsweredAt)).OrderBy(r => r.Title).ThenBy(r => r.ExpertId)];
    }
}
