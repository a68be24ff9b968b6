namespace ExpertBot.Features.Tab.Insights;

/// <summary>
/// One duration (first response, resolution) of a period's questions, gathered a row at a time into two flat arrays (the
/// week asked, as an index into the period's weeks, and the duration in ticks: no object per row) and worked out once.
/// The percentiles stay exact (nearest rank over every value): one sort by duration, then a stable counting sort by week
/// hands each week its durations already in order.
/// </summary>
internal sealed class DurationTally
{
    private long[] _ticks = new long[1024];
    private int[] _weeks = new int[1024];
    private int _count;

    public void Add(int week, long ticks)
    {
        if (_count == _ticks.Length)
        {
            Array.Resize(ref _ticks, 2 * _count);
            Array.Resize(ref _weeks, 2 * _count);
        }
        _ticks[_count] = ticks;
        _weeks[_count] = week;
        _count++;
    }

    /// <summary>The figures over <paramref name="weeks"/> (the weeks the indexes given to <see cref="Add"/> count from).</summary>
    public DurationFigures Figures(IReadOnlyList<DateOnly> weeks)
    {
        var n = _count;
        // Minutes are rounded from the ticks by a rule that never reorders them, so the order of the ticks is the order of
        // the minutes and a rank picks the same value in either.
        Array.Sort(_ticks, _weeks, 0, n);
        var buckets = new int[Durations.BucketCount];
        var starts = new int[weeks.Count + 1];
        for (var i = 0; i < n; i++)
        {
            buckets[Durations.Bucket(Durations.Minutes(_ticks[i]))]++;
            starts[_weeks[i] + 1]++;
        }
        for (var w = 0; w < weeks.Count; w++)
        {
            starts[w + 1] += starts[w];
        }
        var byWeek = new long[n];
        var next = (int[])starts.Clone();
        for (var i = 0; i < n; i++)
        {
            byWeek[next[_weeks[i]]++] = _ticks[i];
        }
        var weekly = new WeekDurations[weeks.Count];
        for (var w = 0; w < weeks.Count; w++)
        {
            var (from, count) = (starts[w], starts[w + 1] - starts[w]);
            weekly[w] = count == 0
                ? new WeekDurations(weeks[w], 0, null, null)
                : new WeekDurations(weeks[w], count, Durations.Minutes(byWeek[from + Durations.Rank(count, 0.5)]), Durations.Minutes(byWeek[from + Durations.Rank(count, 0.9)]));
        }
        var labels = Durations.BucketLabels;
        return new DurationFigures(n,
            n == 0 ? null : Durations.Minutes(_ticks[Durations.Rank(n, 0.5)]),
            n == 0 ? null : Durations.Minutes(_ticks[Durations.Rank(n, 0.9)]),
            [.. labels.Select((label, i) => new Bucket(label, buckets[i]))], weekly);
    }
}
