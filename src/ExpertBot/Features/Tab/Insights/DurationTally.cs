using System.Buffers;

namespace ExpertBot.Features.Tab.Insights;

/// <summary>
/// One duration (first response, resolution) of a period's questions, gathered a row at a time into two flat arrays (the
/// week asked, as an index into the period's weeks, and the duration in ticks: no object per row) and worked out once.
/// The percentiles stay exact (nearest rank over every value): one sort by duration, then a stable counting sort by week
/// hands each week its durations already in order. The arrays come from the shared pool and go back once worked out:
/// at 100,000 questions they are large-object-heap sized, and allocating them on every report made full collections.
/// </summary>
internal sealed class DurationTally
{
    private long[] _ticks = ArrayPool<long>.Shared.Rent(4096);
    private int[] _weeks = ArrayPool<int>.Shared.Rent(4096);
    private int _count;

    public void Add(int week, long ticks)
    {
        if (_count == _ticks.Length)
        {
            _ticks = Grow(_ticks, _count);
            _weeks = Grow(_weeks, _count);
        }
        _ticks[_count] = ticks;
        _weeks[_count] = week;
        _count++;
    }

    private static T[] Grow<T>(T[] array, int count)
    {
        var larger = ArrayPool<T>.Shared.Rent(2 * count);
        Array.Copy(array, larger, count);
        ArrayPool<T>.Shared.Return(array);
        return larger;
    }

    /// <summary>The figures over <paramref name="weeks"/> (the weeks the indexes given to <see cref="Add"/> count from); once only.</summary>
    public DurationFigures Figures(IReadOnlyList<DateOnly> weeks)
    {
        try
        {
            return Work(weeks);
        }
        finally
        {
            ArrayPool<long>.Shared.Return(_ticks);
            ArrayPool<int>.Shared.Return(_weeks);
            (_ticks, _weeks, _count) = ([], [], 0);
        }
    }

    private DurationFigures Work(IReadOnlyList<DateOnly> weeks)
    {
        var n = _count;
        // Minutes are rounded from the ticks by a rule that never reorders them, so the order of the ticks is the order of
        // the minutes and a rank picks the same value in either.
        Array.Sort(_ticks, _weeks, 0, n);
        var buckets = new int[Durations.BucketCount];
        var starts = new int[weeks.Count + 1];
        var weekly = new WeekDurations[weeks.Count];
        for (var i = 0; i < n; i++)
        {
            buckets[Durations.Bucket(Durations.Minutes(_ticks[i]))]++;
            starts[_weeks[i] + 1]++;
        }
        for (var w = 0; w < weeks.Count; w++)
        {
            starts[w + 1] += starts[w];
        }
        var byWeek = ArrayPool<long>.Shared.Rent(Math.Max(1, n));
        try
        {
            var next = (int[])starts.Clone();
            for (var i = 0; i < n; i++)
            {
                byWeek[next[_weeks[i]]++] = _ticks[i];
            }
            for (var w = 0; w < weeks.Count; w++)
            {
                var (from, count) = (starts[w], starts[w + 1] - starts[w]);
                weekly[w] = count == 0
                    ? new WeekDurations(weeks[w], 0, null, null)
                    : new WeekDurations(weeks[w], count, Durations.Minutes(byWeek[from + Durations.Rank(count, 0.5)]), Durations.Minutes(byWeek[from + Durations.Rank(count, 0.9)]));
            }
        }
        finally
        {
            ArrayPool<long>.Shared.Return(byWeek);
        }
        var labels = Durations.BucketLabels;
        return new DurationFigures(n,
            n == 0 ? null : Durations.Minutes(_ticks[Durations.Rank(n, 0.5)]),
            n == 0 ? null : Durations.Minutes(_ticks[Durations.Rank(n, 0.9)]),
            [.. labels.Select((label, i) => new Bucket(label, buckets[i]))], weekly);
    }
}
