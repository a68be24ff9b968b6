namespace ExpertBot.Features.Tab.Insights;

/// <summary>Weeks, buckets and percentiles: the arithmetic of the insights, kept apart so it reads (and is tested) on its own.</summary>
internal static class Durations
{
    /// <summary>Upper bounds in minutes (exclusive) of the distribution's buckets; the last one is open.</summary>
    private static readonly (double UpTo, string Label)[] Bounds =
    [
        (15, "under 15 min"), (60, "15-60 min"), (240, "1-4 h"), (1440, "4-24 h"), (4320, "1-3 days"), (double.PositiveInfinity, "3 days or more"),
    ];

    public static IReadOnlyList<string> BucketLabels => [.. Bounds.Select(b => b.Label)];

    /// <summary>The Monday (UTC) of the week <paramref name="at"/> is in: weeks as ISO 8601 counts them.</summary>
    public static DateOnly WeekOf(DateTimeOffset at)
    {
        var day = DateOnly.FromDateTime(at.UtcDateTime);
        return day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
    }

    /// <summary>Every week from the one <paramref name="from"/> is in up to the one before <paramref name="to"/>, gaps included.</summary>
    public static IReadOnlyList<DateOnly> Weeks(DateTimeOffset from, DateTimeOffset to)
    {
        var weeks = new List<DateOnly>();
        var last = WeekOf(to.AddTicks(-1));
        for (var week = WeekOf(from); week <= last; week = week.AddDays(7))
        {
            weeks.Add(week);
        }
        return weeks;
    }

    /// <summary>Nearest-rank percentile of sorted values (p in (0, 1]): the smallest value with at least p of them at or below it.</summary>
    public static double? Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? null : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// <summary>The figures of (week, minutes) pairs over <paramref name="weeks"/>.</summary>
    public static DurationFigures Figures(IReadOnlyList<(DateOnly Week, double Minutes)> values, IReadOnlyList<DateOnly> weeks)
    {
        var all = values.Select(v => v.Minutes).Order().ToList();
        var counts = new int[Bounds.Length];
        foreach (var minutes in all)
        {
            counts[Array.FindIndex(Bounds, b => minutes < b.UpTo)]++;
        }
        var byWeek = values.GroupBy(v => v.Week).ToDictionary(g => g.Key, g => g.Select(v => v.Minutes).Order().ToList());
        return new DurationFigures(all.Count, Percentile(all, 0.5), Percentile(all, 0.9),
            [.. Bounds.Select((b, i) => new Bucket(b.Label, counts[i]))],
            [.. weeks.Select(w => byWeek.TryGetValue(w, out var list)
                ? new WeekDurations(w, list.Count, Percentile(list, 0.5), Percentile(list, 0.9))
                : new WeekDurations(w, 0, null, null))]);
    }
}
