using System.Text.Json;
using ExpertBot.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;

namespace ExpertBot.CardActions;

/// <summary>
/// What the app answered to a source (a click, a turn): keyed by the source's key (the activity id within its channel and
/// tenant), so a redelivered invoke gets the first answer back without acting again, and a turn re-run after a crash sees
/// that its reply went out. Kept for <see cref="CardActionOptions.ReplayWindow"/>.
/// </summary>
internal sealed class LedgerEntry
{
    public required string SourceKey { get; set; }
    public required string ActorId { get; set; }
    public required string Verb { get; set; }
    /// <summary>The card a card action answered with (an invoke's response).</summary>
    public string? Reply { get; set; }
    /// <summary>The id of the message a turn sent in reply, once it was sent.</summary>
    public string? ReplyActivityId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class LedgerEntryConfiguration : IEntityTypeConfiguration<LedgerEntry>
{
    public void Configure(EntityTypeBuilder<LedgerEntry> entry)
    {
        entry.ToTable("action_ledger");
        entry.HasKey(e => e.SourceKey);
        entry.Property(e => e.SourceKey).HasMaxLength(400);
        entry.Property(e => e.ActorId).HasMaxLength(100);
        entry.Property(e => e.Verb).HasMaxLength(100);
        entry.Property(e => e.ReplyActivityId).HasMaxLength(200);
        entry.HasIndex(e => e.CreatedAt);
    }
}

internal sealed partial class ActionLedger(ExpertBotDatabase database, TimeProvider time, IOptions<CardActionOptions> options, ILogger<ActionLedger> logger)
    : BackgroundService
{
    /// <summary>The card answered to this source for this actor, if it was answered (anyone else's replay gets nothing).</summary>
    public async Task<JsonElement?> FindReplyAsync(string sourceKey, string actorId, CancellationToken ct)
    {
        await using var db = database.CreateContext();
        var reply = await db.Set<LedgerEntry>().AsNoTracking()
            .Where(e => e.SourceKey == sourceKey && e.ActorId == actorId && e.Reply != null)
            .Select(e => e.Reply).FirstOrDefaultAsync(ct);
        return reply is null ? null : JsonDocument.Parse(reply).RootElement.Clone();
    }

    /// <summary>Remembers the card answered to a source; the first answer stays (a concurrent duplicate changes nothing).</summary>
    public async Task RecordReplyAsync(string sourceKey, string actorId, string verb, JsonElement? card, CancellationToken ct)
    {
        if (card is not { } reply)
        {
            return;
        }
        await using var db = database.CreateContext();
        var now = database.Dialect.Time(time.GetUtcNow());
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "action_ledger" ("SourceKey", "ActorId", "Verb", "Reply", "CreatedAt") VALUES ({sourceKey}, {actorId}, {verb}, {reply.GetRawText()}, {now})
            ON CONFLICT ("SourceKey") DO NOTHING
            """, ct);
    }

    /// <summary>The id of the message sent in reply to a source (a turn), once its sending was recorded.</summary>
    public async Task<string?> FindSentAsync(string sourceKey, CancellationToken ct)
    {
        await using var db = database.CreateContext();
        return await db.Set<LedgerEntry>().AsNoTracking().Where(e => e.SourceKey == sourceKey).Select(e => e.ReplyActivityId).FirstOrDefaultAsync(ct);
    }

    /// <summary>
    /// Records that the reply to a source went out as <paramref name="replyActivityId"/>: a run of the same turn after a
    /// crash then updates that message instead of sending another. The first record stays.
    /// </summary>
    public async Task RecordSentAsync(string sourceKey, string actorId, string verb, string? replyActivityId, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(replyActivityId))
        {
            return;
        }
        await using var db = database.CreateContext();
        var now = database.Dialect.Time(time.GetUtcNow());
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "action_ledger" ("SourceKey", "ActorId", "Verb", "ReplyActivityId", "CreatedAt") VALUES ({sourceKey}, {actorId}, {verb}, {replyActivityId}, {now})
            ON CONFLICT ("SourceKey") DO NOTHING
            """, ct);
    }

    /// <summary>Deletes entries past the replay window, hourly: redeliveries come within seconds to minutes.</summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), time);
        do
        {
            try
            {
                await using var db = database.CreateContext();
                var before = time.GetUtcNow() - options.Value.ReplayWindow;
                var pruned = await db.Set<LedgerEntry>().Where(e => e.CreatedAt < before).ExecuteDeleteAsync(stoppingToken);
                if (pruned > 0)
                {
                    Log.LedgerPruned(logger, pruned);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                Log.LedgerPruneFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
