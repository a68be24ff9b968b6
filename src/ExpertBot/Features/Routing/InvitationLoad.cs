using ExpertBot.Features.Questions;
using ExpertBot.Storage;
using Microsoft.EntityFrameworkCore;

namespace ExpertBot.Features.Routing;

/// <summary>An expert's load as the invitations table has it.</summary>
internal readonly record struct ExpertLoad(int Open, int Today);

/// <summary>
/// Counts load from the invitations table (the only truth across instances): invitations still waiting for an answer on
/// questions that are still open, and invitations received since midnight in the expert's time zone (UTC when unknown).
/// </summary>
internal static class InvitationLoad
{
    public static async Task<Dictionary<string, ExpertLoad>> CountAsync(ExpertBotDb db, IReadOnlyCollection<string> expertIds, DateTimeOffset now,
        Func<string, TimeZoneInfo> zoneOf, CancellationToken ct)
    {
        var load = new Dictionary<string, ExpertLoad>(StringComparer.OrdinalIgnoreCase);
        if (expertIds.Count == 0)
        {
            return load;
        }
        var ids = expertIds.ToList();
        // Midnight anywhere on Earth is less than a day ago: one bounded query serves every time zone.
        var since = now - TimeSpan.FromDays(1);
        // "Open" is decided in SQL (only a flag comes back), and each expert's midnight is worked out once, not per row:
        // time-zone lookups and conversions were most of this method's CPU.
        var rows = await (
            from i in db.Set<Invitation>()
            join q in db.Set<Question>() on i.QuestionId equals q.Id
            where ids.Contains(i.ExpertId) && (i.InvitedAt >= since || i.Status == InvitationStatus.Invited)
            select new
            {
                i.ExpertId,
                i.InvitedAt,
                Open = i.Status == InvitationStatus.Invited
                    && q.Status != QuestionStatus.Resolved && q.Status != QuestionStatus.Expired && q.Status != QuestionStatus.Cancelled,
            }).AsNoTracking().ToListAsync(ct);
        var midnights = new Dictionary<string, DateTimeOffset>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in rows)
        {
            if (!midnights.TryGetValue(row.ExpertId, out var midnight))
            {
                midnights[row.ExpertId] = midnight = StartOfDay(now, zoneOf(row.ExpertId));
            }
            var current = load.GetValueOrDefault(row.ExpertId);
            load[row.ExpertId] = new ExpertLoad(current.Open + (row.Open ? 1 : 0), current.Today + (row.InvitedAt >= midnight ? 1 : 0));
        }
        return load;
    }

    public static DateTimeOffset StartOfDay(DateTimeOffset now, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var midnight = local.Date;
        return new DateTimeOffset(midnight, zone.GetUtcOffset(midnight));
    }
}
