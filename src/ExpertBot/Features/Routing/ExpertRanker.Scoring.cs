using System.Globalization;
using ExpertBot.Features.Experts;

namespace ExpertBot.Features.Routing;

internal sealed partial class ExpertRanker
{
    // Availability scales relevance rather than excluding: the best person a little later can beat a worse one now.
    private const double BusyFactor = 0.7;
    private const double AwayFactor = 0.6;
    private const double OfflineFactor = 0.5;
    private const double DoNotDisturbFactor = 0.4;
    private const double OutsideHoursFactor = 0.5;
    private const double OpenInvitationPenalty = 0.3;
    private const double WantsFactor = 1.25;
    // "Not my area" is about expertise: it lowers the score on that topic for half a year.
    private const double NotMyAreaFactor = 0.15;
    private const double SomeoneElseFactor = 0.6;
    private static readonly TimeSpan NotMyAreaMemory = TimeSpan.FromDays(180);
    // "Too busy" is about load, not expertise: it only counts the same day.
    private const double TooBusyFactor = 0.7;
    private static readonly TimeSpan TooBusyMemory = TimeSpan.FromHours(24);

    private List<int> Candidates(RoutingQuery query, RankingOptions options, RankingScratch s)
    {
        var asker = query.AskerId is not null && index.ExpertIds.TryGetValue(query.AskerId, out var a) ? a : -1;
        var candidates = new List<int>();
        if (options.Pool is { } pool)
        {
            foreach (var id in pool)
            {
                if (index.ExpertIds.TryGetValue(id, out var e) && e != asker && index.Experts[e].Profile is not null)
                {
                    candidates.Add(e);
                }
            }
            return candidates;
        }
        for (var i = 0; i < s.TouchedExpertCount; i++)
        {
            var e = s.TouchedExperts[i];
            if (e != asker && index.Experts[e].Profile is not null)
            {
                candidates.Add(e);
            }
        }
        // Thin evidence: top up with others so the bot still has someone to ask (they explain "no related history").
        for (var e = 0; e < index.Experts.Count && candidates.Count < options.Top * 2; e++)
        {
            if (!s.Touched[e] && e != asker && index.Experts[e].Profile is not null)
            {
                candidates.Add(e);
            }
        }
        return candidates;
    }

    private List<RankedExpert> Score(RoutingQuery query, RankingOptions options, HashSet<string> terms, Clock clock,
        List<int> candidates, RankingScratch s)
    {
        var windowStart = clock.Now - (long)(clock.Span * ActivityWindowShare);
        var activity = new int[candidates.Count];
        double maxEvidence = 1e-9, maxTags = 1e-9, maxText = 1e-9, maxActivity = 1e-9;
        for (var i = 0; i < candidates.Count; i++)
        {
            var e = candidates[i];
            activity[i] = index.Experts[e].AnswersBetween(windowStart, clock.Now);
            maxActivity = Math.Max(maxActivity, Math.Log(1 + activity[i]));
            maxEvidence = Math.Max(maxEvidence, s.Evidence[e]);
            maxTags = Math.Max(maxTags, s.TagScore[e]);
            maxText = Math.Max(maxText, s.TextScore[e]);
        }

        // Keep only the best Top while scoring (sorted insertion into a small array), so ranking the whole
        // directory for the bot costs no full sort; the evaluation asks for everyone and gets a full sort.
        var scored = new List<(double Score, int Expert, int Slot, Adjustment Adjustment)>(Math.Min(candidates.Count, options.Top) + 1);
        var byScore = Comparer<(double Score, int Expert, int Slot, Adjustment Adjustment)>.Create((x, y) =>
            y.Score.CompareTo(x.Score) is var c && c != 0 ? c : string.CompareOrdinal(index.Experts[x.Expert].Id, index.Experts[y.Expert].Id));
        for (var i = 0; i < candidates.Count; i++)
        {
            var e = candidates[i];
            var expert = index.Experts[e];
            var adjustment = Adjust(expert, expert.Profile!, options.Availability?.GetValueOrDefault(expert.Id), terms, query.At);
            if (adjustment.Excluded)
            {
                continue;
            }
            var relevance = s.Evidence[e] / maxEvidence + TagWeight * s.TagScore[e] / maxTags + TextWeight * s.TextScore[e] / maxText
                + ActivityWeight * Math.Log(1 + activity[i]) / maxActivity;
            var entry = (relevance * adjustment.Factor, e, i, adjustment);
            if (scored.Count == options.Top)
            {
                if (byScore.Compare(entry, scored[^1]) >= 0)
                {
                    continue;
                }
                scored.RemoveAt(scored.Count - 1);
            }
            var at = scored.BinarySearch(entry, byScore);
            scored.Insert(at < 0 ? ~at : at, entry);
        }

        var take = Math.Min(options.Top, scored.Count);
        var ranked = new List<RankedExpert>(take);
        for (var i = 0; i < take; i++)
        {
            var (score, e, slot, adjustment) = scored[i];
            var why = options.Explain ? Explain(query, terms, index.Experts[e], s, e, activity[slot], adjustment) : "";
            ranked.Add(new RankedExpert(index.Experts[e].Id, score, why) { Relevant = s.Evidence[e] > 0 || s.TagScore[e] > 0 || s.TextScore[e] > 0 });
        }
        return ranked;
    }

    /// <summary>What the product signals do to one candidate: exclusion, a factor, and the notes that explain it.</summary>
    private sealed record Adjustment(bool Excluded, double Factor, List<string> Notes);

    private static readonly Adjustment Neutral = new(false, 1, []);

    private static Adjustment Adjust(ExpertEntry expert, ExpertProfile profile, ExpertAvailability? live, HashSet<string> terms, DateTimeOffset at)
    {
        // Most people carry no preferences, declines or live state: skip the work (and the allocations) for them.
        if (live is null && expert.Declines.Count == 0 && profile is { RoutingPaused: false, NeverTopics.Count: 0, WantsTopics.Count: 0, WorkingHours: null })
        {
            return Neutral;
        }
        var notes = new List<string>();
        if (profile.RoutingPaused || live?.OutOfOffice == true)
        {
            return new Adjustment(true, 0, notes);
        }
        if (profile.DailyInvitationBudget is { } budget && live is not null && live.InvitationsToday >= budget)
        {
            return new Adjustment(true, 0, notes);
        }
        foreach (var topic in profile.NeverTopics)
        {
            if (Text.Mentions(topic, terms))
            {
                return new Adjustment(true, 0, notes);
            }
        }

        var factor = 1.0;
        foreach (var topic in profile.WantsTopics)
        {
            if (Text.Mentions(topic, terms))
            {
                factor *= WantsFactor;
                notes.Add($"asked for {topic} questions");
                break;
            }
        }
        factor *= Declines(expert, terms, at, notes);
        factor *= Availability(profile, live, at, notes);
        return new Adjustment(false, factor, notes);
    }

    private static double Declines(ExpertEntry expert, HashSet<string> terms, DateTimeOffset at, List<string> notes)
    {
        double factor = 1;
        bool area = false, elsewhere = false, busy = false;
        foreach (var decline in expert.Declines)
        {
            var age = at - decline.At;
            if (age < TimeSpan.Zero)
            {
                continue;
            }
            switch (decline.Reason)
            {
                case DeclineReason.TooBusy when !busy && age <= TooBusyMemory:
                    busy = true;
                    factor *= TooBusyFactor;
                    notes.Add("said too busy today");
                    break;
                case DeclineReason.NotMyArea when !area && age <= NotMyAreaMemory && MentionedTopic(decline.Topics, terms) is { } topic:
                    area = true;
                    factor *= NotMyAreaFactor;
                    notes.Add($"recently said {topic} is not their area");
                    break;
                case DeclineReason.SomeoneElseIsBetter when !elsewhere && age <= NotMyAreaMemory && MentionedTopic(decline.Topics, terms) is { } other:
                    elsewhere = true;
                    factor *= SomeoneElseFactor;
                    notes.Add($"recently passed a {other} question to someone else");
                    break;
            }
        }
        return factor;
    }

    private static string? MentionedTopic(IReadOnlyList<string> topics, HashSet<string> terms)
    {
        foreach (var topic in topics)
        {
            if (Text.Mentions(topic, terms)) return topic;
        }
        return null;
    }

    private static double Availability(ExpertProfile profile, ExpertAvailability? live, DateTimeOffset at, List<string> notes)
    {
        double factor = 1;
        string? outside = null;
        if (profile.WorkingHours is { } hours && profile.TimeZoneId is { } zone && TimeZones.TryFind(zone, out var tz))
        {
            var local = TimeZoneInfo.ConvertTime(at, tz);
            var time = TimeOnly.FromDateTime(local.DateTime);
            var inHours = hours.Days.Contains(local.DayOfWeek)
                && (hours.Start <= hours.End ? time >= hours.Start && time < hours.End : time >= hours.Start || time < hours.End);
            if (!inHours)
            {
                factor *= OutsideHoursFactor;
                outside = $"outside their working hours ({local.ToString("ddd HH:mm", CultureInfo.InvariantCulture)} for them)";
            }
        }
        // One phrase for presence and hours together: "available now; outside working hours" read as a contradiction.
        switch (live?.Presence ?? Presence.Unknown)
        {
            case Presence.Available: notes.Add(outside is null ? "available now" : $"online now, though {outside}"); outside = null; break;
            case Presence.Busy: factor *= BusyFactor; notes.Add("busy now"); break;
            case Presence.Away: factor *= AwayFactor; notes.Add("away"); break;
            case Presence.Offline: factor *= OfflineFactor; notes.Add("offline"); break;
            case Presence.DoNotDisturb: factor *= DoNotDisturbFactor; notes.Add("do not disturb"); break;
        }
        if (outside is not null)
        {
            notes.Add(outside);
        }
        if (live is { OpenInvitations: > 0 } busyWith)
        {
            factor /= 1 + OpenInvitationPenalty * busyWith.OpenInvitations;
            notes.Add(busyWith.OpenInvitations == 1 ? "1 question waiting for their answer" : $"{busyWith.OpenInvitations} questions waiting for their answer");
        }
        if (profile.DailyInvitationBudget is { } budget && live is { InvitationsToday: > 0 })
        {
            notes.Add(live.InvitationsToday == 1
                ? $"invited once already today (daily limit {budget})"
                : $"invited {live.InvitationsToday} times already today (daily limit {budget})");
        }
        return factor;
    }

    private static string Explain(RoutingQuery query, HashSet<string> terms, ExpertEntry expert, RankingScratch s, int e, int recentAnswers, Adjustment adjustment)
    {
        var parts = new List<string>();
        var knows = KnownTopic(expert.Profile, terms) ?? (s.Touched[e] && s.BestTag[e] >= 0 ? query.Tags[s.BestTag[e]] : null);
        if (knows is not null)
        {
            // A topic the question does not name but the knowledge article it nearly matched does: say where it came from.
            parts.Add(query.TopicSources?.GetValueOrDefault(knows) is { } source ? $"knows {knows} ({source})" : $"knows {knows}");
        }
        var similar = s.Touched[e] ? s.Similar[e] : 0;
        if (similar > 0)
        {
            var recent = s.SimilarRecent[e];
            var text = recent > 0
                ? $"answered {Plural(recent, "similar question")} this quarter"
                : $"answered {Plural(similar, "similar question")}";
            var accepted = s.SimilarAccepted[e];
            parts.Add(accepted > 0 ? $"{text} ({accepted} accepted)" : text);
        }
        if (parts.Count == 0)
        {
            parts.Add(recentAnswers > 0 ? $"active lately ({Plural(recentAnswers, "answer")})" : "no related history yet");
        }
        parts.AddRange(adjustment.Notes);
        return string.Join("; ", parts);
    }

    /// <summary>The profile skill/responsibility/interest the question names, if any: the most direct "knows X".</summary>
    private static string? KnownTopic(ExpertProfile? profile, HashSet<string> terms)
    {
        if (profile is null)
        {
            return null;
        }
        foreach (var list in (IReadOnlyList<string>[])[profile.Skills, profile.Responsibilities, profile.Interests])
        {
            foreach (var topic in list)
            {
                if (Text.Mentions(topic, terms)) return topic;
            }
        }
        return null;
    }

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
