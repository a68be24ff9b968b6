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

    /// <summary>
    /// The index of the nearest-rank <paramref name="p"/> percentile (p in (0, 1]) among <paramref name="count"/> sorted
    /// values: the smallest value with at least p of them at or below it.
    /// </summary>
    public static int Rank(int count, double p) => Math.Clamp((int)Math.Ceiling(p * count) - 1, 0, count - 1);

    /// <summary>A duration as the figures show it: minutes, two decimals, never below zero.</summary>
    public static double Minutes(long ticks) => Math.Round(Math.Max(0, TimeSpan.FromTicks(ticks).TotalMinutes), 2);

    /// <summary>The index of the distribution's bucket <paramref name="minutes"/> falls in.</summary>
    public static int Bucket(double minutes)
    {
        var i = 0;
        while (minutes >= Bounds[i].UpTo)
        {
            i++;
        }
        return i;
    }

    public static int BucketCount => Bounds.Length;
}
