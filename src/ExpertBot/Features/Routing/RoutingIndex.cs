namespace ExpertBot.Features.Routing;

/// <summary>
/// In-memory routing index: BM25 postings over past questions, per-tag expert statistics, a profile text index,
/// and each expert's activity and declines. Every update is applied in place, so the next ranking sees it
/// without a rebuild. Writers take the write lock; rankings share the read lock.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "One index per process (or per evaluation run), alive until it ends; ReaderWriterLockSlim holds only managed state until a waiter blocks, and its events die with the process.")]
internal sealed class RoutingIndex
{
    // Titles and tags say what a question is about; bodies ramble: titles and tags count twice.
    private const int TitleRepeat = 2;
    private const int TagRepeat = 2;

    internal readonly ReaderWriterLockSlim Lock = new(LockRecursionPolicy.NoRecursion);

    // Questions (documents), by dense index.
    internal readonly List<string> DocIds = [];
    internal readonly List<long> DocTime = [];
    internal readonly List<int> DocLength = [];
    internal readonly List<IndexedAnswer[]> DocAnswers = [];
    internal long TotalLength;
    private readonly Dictionary<string, int> _docIndex = new(StringComparer.Ordinal);

    // Question terms.
    internal readonly Dictionary<string, int> TermIds = new(StringComparer.Ordinal);
    internal readonly List<PostingList> Postings = [];

    // Tags: how many questions carry each, and per expert how often and how recently they answered it.
    internal readonly Dictionary<string, int> TagIds = new(StringComparer.Ordinal);
    internal readonly List<int> TagQuestionCount = [];
    internal readonly List<Dictionary<int, TagStat>> TagExperts = [];

    // Experts, by dense index.
    internal readonly Dictionary<string, int> ExpertIds = new(StringComparer.Ordinal);
    internal readonly List<ExpertEntry> Experts = [];

    /// <summary>Experts with a profile: the directory, i.e. the people who may be invited.</summary>
    internal int DirectorySize;

    /// <summary>The earliest and latest activity seen: recency is measured on this span.</summary>
    internal long Origin = long.MaxValue;
    internal long Latest = long.MinValue;

    public int QuestionCount
    {
        get
        {
            Lock.EnterReadLock();
            try { return DocIds.Count; }
            finally { Lock.ExitReadLock(); }
        }
    }

    /// <summary>Adds a resolved question. Its id must be new: evidence is counted once.</summary>
    public void Add(PastQuestion question)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentException.ThrowIfNullOrWhiteSpace(question.Id);
        // Checked before anything is touched, so a bad question changes nothing.
        foreach (var answer in question.Answers)
        {
            if (string.IsNullOrWhiteSpace(answer?.ExpertId))
            {
                throw new ArgumentException($"question {question.Id}: an answer has no expert id", nameof(question));
            }
        }
        foreach (var tag in question.Tags)
        {
            if (string.IsNullOrWhiteSpace(tag))
            {
                throw new ArgumentException($"question {question.Id}: empty tag", nameof(question));
            }
        }
        Lock.EnterWriteLock();
        try
        {
            if (_docIndex.ContainsKey(question.Id))
            {
                throw new InvalidOperationException($"question {question.Id} is already in the routing index");
            }
            var doc = DocIds.Count;
            var counts = new Dictionary<int, int>();
            var length = 0;
            void Count(string term, int times)
            {
                if (!TermIds.TryGetValue(term, out var id))
                {
                    id = TermIds.Count;
                    TermIds[term] = id;
                    Postings.Add(new PostingList());
                }
                counts[id] = counts.GetValueOrDefault(id) + times;
                length += times;
            }
            foreach (var token in Text.Tokens(question.Title)) Count(token, TitleRepeat);
            foreach (var token in Text.Tokens(question.Body)) Count(token, 1);
            foreach (var tag in question.Tags) Count(Text.TagTerm(tag), TagRepeat);
            foreach (var (term, frequency) in counts)
            {
                Postings[term].Add(doc, frequency);
            }

            var time = question.At.UtcTicks;
            var answers = new IndexedAnswer[question.Answers.Count];
            for (var i = 0; i < answers.Length; i++)
            {
                var answer = question.Answers[i];
                answers[i] = new IndexedAnswer(ExpertIndex(answer.ExpertId), answer.At.UtcTicks, answer.Accepted);
            }
            _docIndex[question.Id] = doc;
            DocIds.Add(question.Id);
            DocTime.Add(time);
            DocLength.Add(length);
            DocAnswers.Add(answers);
            TotalLength += length;
            Seen(time);

            var tagIds = question.Tags.Distinct(StringComparer.Ordinal).Select(TagIndex).ToArray();
            foreach (var tag in tagIds)
            {
                TagQuestionCount[tag]++;
            }
            foreach (var answer in answers)
            {
                Seen(answer.Time);
                var expert = Experts[answer.Expert];
                expert.AddAnswer(answer.Time, answer.Accepted);
                foreach (var tag in tagIds)
                {
                    var stats = TagExperts[tag];
                    stats[answer.Expert] = stats.GetValueOrDefault(answer.Expert).With(answer.Time);
                }
            }
        }
        finally
        {
            Lock.ExitWriteLock();
        }
    }

    /// <summary>Adds or changes an expert's profile: they join the directory, and their text and preferences apply from the next ranking.</summary>
    public void UpsertProfile(ExpertProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentException.ThrowIfNullOrWhiteSpace(profile.Id);
        if (profile.DailyInvitationBudget is < 0)
        {
            throw new ArgumentException($"expert {profile.Id}: the daily invitation budget cannot be negative", nameof(profile));
        }
        if (profile.TimeZoneId is not null && !TimeZoneInfo.TryFindSystemTimeZoneById(profile.TimeZoneId, out _))
        {
            throw new ArgumentException($"expert {profile.Id}: unknown time zone '{profile.TimeZoneId}'", nameof(profile));
        }
        Lock.EnterWriteLock();
        try
        {
            var expert = Experts[ExpertIndex(profile.Id)];
            if (expert.Profile is null)
            {
                DirectorySize++;
            }
            ProfileText.Replace(ExpertIds[profile.Id], expert.Profile, profile);
            expert.Profile = profile;
        }
        finally
        {
            Lock.ExitWriteLock();
        }
    }

    /// <summary>Someone left or was disabled: they stay in history (their answers are still evidence for others' topics) but are never invited.</summary>
    public void RemoveFromDirectory(string expertId)
    {
        Lock.EnterWriteLock();
        try
        {
            if (ExpertIds.TryGetValue(expertId, out var index) && Experts[index].Profile is { } profile)
            {
                ProfileText.Replace(index, profile, null);
                Experts[index].Profile = null;
                DirectorySize--;
            }
        }
        finally
        {
            Lock.ExitWriteLock();
        }
    }

    /// <summary>Records a decline; it shapes the expert's next rankings (topic for "not my area", load for "too busy").</summary>
    public void RecordDecline(ExpertDecline decline)
    {
        ArgumentNullException.ThrowIfNull(decline);
        ArgumentException.ThrowIfNullOrWhiteSpace(decline.ExpertId);
        Lock.EnterWriteLock();
        try
        {
            Experts[ExpertIndex(decline.ExpertId)].Declines.Add(decline);
        }
        finally
        {
            Lock.ExitWriteLock();
        }
    }

    internal ProfileTextIndex ProfileText { get; } = new();

    private void Seen(long time)
    {
        Origin = Math.Min(Origin, time);
        Latest = Math.Max(Latest, time);
    }

    private int ExpertIndex(string id)
    {
        if (!ExpertIds.TryGetValue(id, out var index))
        {
            index = Experts.Count;
            ExpertIds[id] = index;
            Experts.Add(new ExpertEntry(id));
        }
        return index;
    }

    private int TagIndex(string tag)
    {
        if (!TagIds.TryGetValue(tag, out var index))
        {
            index = TagIds.Count;
            TagIds[tag] = index;
            TagQuestionCount.Add(0);
            TagExperts.Add([]);
        }
        return index;
    }
}

internal readonly record struct IndexedAnswer(int Expert, long Time, bool Accepted);

/// <summary>
/// How often an expert answered a tag, and the first two moments of those answers' times (in days), so that
/// the sum of squared recencies against any origin and "now" can be computed exactly without keeping every time.
/// </summary>
internal readonly record struct TagStat(int Answers, double SumDays, double SumDaysSquared)
{
    public TagStat With(long ticks)
    {
        var days = ticks / (double)TimeSpan.TicksPerDay;
        return new TagStat(Answers + 1, SumDays + days, SumDaysSquared + days * days);
    }

    /// <summary>Sum over answers of ((t - origin) / (now - origin))^2: recent answers count most.</summary>
    public double RecencySquared(double originDays, double spanDays) =>
        Math.Max(0, SumDaysSquared - 2 * originDays * SumDays + Answers * originDays * originDays) / (spanDays * spanDays);
}

/// <summary>An expert: profile (null = not in the directory), answer times (sorted) and declines.</summary>
internal sealed class ExpertEntry(string id)
{
    public string Id { get; } = id;
    public ExpertProfile? Profile { get; set; }
    public int Answers { get; private set; }
    public int Accepted { get; private set; }
    public List<long> AnswerTimes { get; } = [];
    public List<ExpertDecline> Declines { get; } = [];

    public void AddAnswer(long time, bool accepted)
    {
        Answers++;
        Accepted += accepted ? 1 : 0;
        // History usually arrives in time order: append; otherwise insert in place to keep the window search valid.
        if (AnswerTimes.Count == 0 || AnswerTimes[^1] <= time)
        {
            AnswerTimes.Add(time);
        }
        else
        {
            var at = AnswerTimes.BinarySearch(time);
            AnswerTimes.Insert(at < 0 ? ~at : at, time);
        }
    }

    /// <summary>Answers given in [from, to].</summary>
    public int AnswersBetween(long from, long to)
    {
        var start = LowerBound(from);
        var end = LowerBound(to == long.MaxValue ? to : to + 1);
        return end - start;
    }

    private int LowerBound(long value)
    {
        int lo = 0, hi = AnswerTimes.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (AnswerTimes[mid] < value) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
