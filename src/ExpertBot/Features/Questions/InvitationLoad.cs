using ExpertBot.Features.Routing;
using ExpertBot.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ExpertBot.Features.Questions;

/// <summary>
/// Each expert's load: invitations still waiting for an answer (closing a question withdraws those it has), and
/// invitations received since midnight in the expert's time zone (UTC when unknown). The invitations table is the truth
/// across instances; what it says is kept per expert for <see cref="RoutingOptions.LoadCacheTime"/>, because a busy topic
/// ranks the same experts for many questions a second and counting their invitations for each was most of a question
/// turn's database work. Invitations this instance stores are added at once (<see cref="Invited"/>, called by the question
/// service after its commit), so budgets hold exactly within an instance; another instance's invitations count from the
/// next read. Answers (an invitation no longer open) also show from the next read: until then the load is overstated,
/// never understated.
/// </summary>
internal sealed class InvitationLoad(ExpertBotDatabase database, IOptions<RoutingOptions> options)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Counted> _counted = new(StringComparer.OrdinalIgnoreCase);
    // Orders reads against local invitations: an invitation numbered after a read began may be missing from that read.
    private long _sequence;

    /// <summary>The load of each of <paramref name="expertIds"/> (zero for who has none).</summary>
    public async Task<Dictionary<string, ExpertLoad>> GetAsync(IReadOnlyCollection<string> expertIds, DateTimeOffset now,
        Func<string, TimeZoneInfo> zoneOf, CancellationToken ct)
    {
        var load = new Dictionary<string, ExpertLoad>(StringComparer.OrdinalIgnoreCase);
        var stale = new List<string>();
        long readFrom;
        lock (_gate)
        {
            readFrom = _sequence;
            foreach (var id in expertIds)
            {
                if (_counted.TryGetValue(id, out var counted) && counted.IsFresh(now, options.Value.LoadCacheTime))
                {
                    load[id] = counted.Current;
                }
                else
                {
                    stale.Add(id);
                }
            }
        }
        if (stale.Count == 0)
        {
            return load;
        }
        var midnights = stale.Distinct(StringComparer.OrdinalIgnoreCase).ToDictionary(id => id, id => Day.Of(now, zoneOf(id)), StringComparer.OrdinalIgnoreCase);
        var read = await CountAsync(midnights, ct);
        lock (_gate)
        {
            foreach (var (id, day) in midnights)
            {
                var counted = _counted.TryGetValue(id, out var known) ? known : _counted[id] = new Counted();
                counted.Reset(read.GetValueOrDefault(id), day, now, readFrom);
                load[id] = counted.Current;
            }
        }
        return load;
    }

    /// <summary>This instance stored invitations for these experts (committed): they count from the next ranking on.</summary>
    public void Invited(IEnumerable<string> expertIds, DateTimeOffset at)
    {
        lock (_gate)
        {
            var sequence = ++_sequence;
            foreach (var id in expertIds)
            {
                // Nobody counted yet, or counted long ago: the next read finds the invitation in the table.
                if (_counted.TryGetValue(id, out var counted))
                {
                    if (counted.IsFresh(at, options.Value.LoadCacheTime))
                    {
                        counted.Add(sequence, at);
                    }
                    else
                    {
                        _counted.Remove(id);
                    }
                }
            }
        }
    }

    /// <summary>
    /// The counts from the table, in SQL (one row per expert and count comes back, not one per invitation): experts
    /// grouped by the start of their day, which is one group unless the shortlist spans time zones. Each count reads only
    /// what it counts, from an index: the open invitations (an invitation stops being open once answered, timed out or
    /// withdrawn when its question closed) and today's; an expert's history is never read.
    /// </summary>
    private async Task<Dictionary<string, ExpertLoad>> CountAsync(Dictionary<string, Day> days, CancellationToken ct)
    {
        var load = new Dictionary<string, ExpertLoad>(StringComparer.OrdinalIgnoreCase);
        await using var db = database.CreateContext();
        var invitations = db.Set<Invitation>().AsNoTracking();
        var all = days.Keys.ToList();
        var open = await invitations.Where(i => all.Contains(i.ExpertId) && i.Status == InvitationStatus.Invited)
            .GroupBy(i => i.ExpertId).Select(g => new { ExpertId = g.Key, Count = g.Count() }).ToListAsync(ct);
        foreach (var row in open)
        {
            load[row.ExpertId] = new ExpertLoad(row.Count, 0);
        }
        foreach (var group in days.GroupBy(d => d.Value.Start, d => d.Key))
        {
            var midnight = group.Key;
            var ids = group.ToList();
            var today = await invitations.Where(i => ids.Contains(i.ExpertId) && i.InvitedAt >= midnight)
                .GroupBy(i => i.ExpertId).Select(g => new { ExpertId = g.Key, Count = g.Count() }).ToListAsync(ct);
            foreach (var row in today)
            {
                load[row.ExpertId] = load.GetValueOrDefault(row.ExpertId) with { Today = row.Count };
            }
        }
        return load;
    }

    /// <summary>The expert's current day, as UTC instants: it starts at <see cref="Start"/> and ends at <see cref="End"/>.</summary>
    private readonly record struct Day(DateTimeOffset Start, DateTimeOffset End)
    {
        public static Day Of(DateTimeOffset now, TimeZoneInfo zone)
        {
            var today = TimeZoneInfo.ConvertTime(now, zone).Date;
            var tomorrow = today.AddDays(1);
            // UTC instants: PostgreSQL takes only offset 0 for timestamptz parameters.
            return new Day(new DateTimeOffset(today, zone.GetUtcOffset(today)).ToUniversalTime(),
                new DateTimeOffset(tomorrow, zone.GetUtcOffset(tomorrow)).ToUniversalTime());
        }
    }

    /// <summary>One expert's load as last read, plus this instance's invitations since that read began.</summary>
    private sealed class Counted
    {
        private readonly List<(long Sequence, DateTimeOffset At)> _since = [];
        private ExpertLoad _read;
        private Day _day;
        private DateTimeOffset _readAt;

        public ExpertLoad Current
        {
            get
            {
                var today = 0;
                foreach (var (_, at) in _since)
                {
                    today += at >= _day.Start ? 1 : 0;
                }
                return new ExpertLoad(_read.Open + _since.Count, _read.Today + today);
            }
        }

        // A new day in the expert's time zone starts the day's count afresh; a clock set back reads again too.
        public bool IsFresh(DateTimeOffset now, TimeSpan maxAge) => now >= _readAt && now - _readAt < maxAge && now < _day.End;

        public void Reset(ExpertLoad read, Day day, DateTimeOffset readAt, long readFrom)
        {
            _read = read;
            _day = day;
            _readAt = readAt;
            // Invitations numbered before the read began are in it; later ones may not be, and are kept on top (counting
            // one twice, should its commit have made the read, overstates the load for a moment rather than understating it).
            _since.RemoveAll(s => s.Sequence <= readFrom);
        }

        public void Add(long sequence, DateTimeOffset at) => _since.Add((sequence, at));
    }
}
