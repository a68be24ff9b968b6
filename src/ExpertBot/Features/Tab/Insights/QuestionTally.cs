namespace ExpertBot.Features.Tab.Insights;

/// <summary>
/// The figures of a period's questions, added one row at a time as the read streams them (counters and two duration
/// tallies: nothing kept per question). Weeks are indexes into the period's weeks, counted from the Monday of its first.
/// </summary>
internal sealed class QuestionTally(IReadOnlyList<DateOnly> weeks)
{
    /// <summary>Sent to experts: the question has an invitation.</summary>
    public const int Invited = 1;

    /// <summary>Its search for experts is over: not open, not still looking.</summary>
    public const int SearchOver = 2;

    /// <summary>Answered from knowledge: resolved by an article or past answer without experts.</summary>
    public const int FromKnowledge = 4;

    /// <summary>No such duration (not resolved, no response yet): no duration is this long negative.</summary>
    public const long None = long.MinValue;

    private readonly long _firstWeek = weeks.Count == 0 ? 0 : new DateTimeOffset(weeks[0].ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).UtcTicks;
    private readonly int[] _perWeek = new int[weeks.Count];
    private int _questions, _invited, _searchOver, _nobodyJoined, _fromKnowledge;

    public DurationTally FirstResponse { get; } = new();

    public DurationTally Resolution { get; } = new();

    /// <summary>The index of the week <paramref name="ticks"/> (UTC, inside the period) is in.</summary>
    public int Week(long ticks) => (int)((ticks - _firstWeek) / (7 * TimeSpan.TicksPerDay));

    /// <summary>A question asked in week <paramref name="week"/>, with its flags and durations in ticks (or <see cref="None"/>).</summary>
    public void Add(int week, int flags, long resolvedAfter, long respondedAfter)
    {
        _questions++;
        _perWeek[week]++;
        if ((flags & Invited) != 0)
        {
            _invited++;
            if ((flags & SearchOver) != 0)
            {
                _searchOver++;
                if (respondedAfter == None)
                {
                    _nobodyJoined++;
                }
            }
        }
        if ((flags & FromKnowledge) != 0)
        {
            _fromKnowledge++;
        }
        if (respondedAfter != None)
        {
            FirstResponse.Add(week, respondedAfter);
        }
        if (resolvedAfter != None)
        {
            Resolution.Add(week, resolvedAfter);
        }
    }

    public int Questions => _questions;

    public IReadOnlyList<WeekCount> PerWeek => [.. weeks.Select((w, i) => new WeekCount(w, _perWeek[i]))];

    public Share SentToExperts => new(_invited, _questions);

    public Share NobodyJoined => new(_nobodyJoined, _searchOver);

    public Share AnsweredFromKnowledge => new(_fromKnowledge, _questions);
}
