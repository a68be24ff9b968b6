namespace ExpertBot.Features.Tab.Insights;

/// <summary>What the insights cover: questions asked in [<see cref="From"/>, <see cref="To"/>), of one pool or all (null).</summary>
internal sealed record InsightsFilter(string? Pool, DateTimeOffset From, DateTimeOffset To)
{
    /// <summary>The longest period one request may cover: two years of weekly points is what a chart can still show.</summary>
    public static readonly TimeSpan MaxSpan = TimeSpan.FromDays(731);
}

/// <summary>A part of a whole; the rate is null when there is nothing to divide by (never a made-up 0 %).</summary>
internal sealed record Share(int Part, int Whole)
{
    public double? Rate => Whole == 0 ? null : (double)Part / Whole;
}

/// <summary>Questions asked in the week starting <see cref="Week"/> (a Monday, UTC).</summary>
internal sealed record WeekCount(DateOnly Week, int Questions);

internal sealed record Bucket(string Label, int Questions);

/// <summary>A week's durations (of the questions asked that week): how many, median and 90th percentile in minutes.</summary>
internal sealed record WeekDurations(DateOnly Week, int Questions, double? MedianMinutes, double? P90Minutes);

/// <summary>A duration over the questions that have it: distribution, median and p90 (nearest rank), weekly trend.</summary>
internal sealed record DurationFigures(int Questions, double? MedianMinutes, double? P90Minutes, IReadOnlyList<Bucket> Buckets, IReadOnlyList<WeekDurations> Weekly);

internal sealed record ArticleItem(string Number, string Title, string Owner, string Detail);

internal sealed record KnowledgeInsights(
    Share LinkRate, Share Reuse, int Validated, int Drafts, int OpenFlags, int DueForVerification,
    IReadOnlyList<ArticleItem> Due, IReadOnlyList<ArticleItem> LowRated, IReadOnlyList<ArticleItem> Flagged);

/// <summary>An expert's help on the period's questions, counted as "my contributions" counts it (Resolutions' Credits).</summary>
internal sealed record ContributorFigures(string Id, string Name, int AcceptedAnswers, int Replies, int QuestionsHelped, double? AverageRating, int Ratings);

internal sealed record ExpertLoadFigures(string Id, string Name, int OpenInvitations);

internal sealed record IdeaStage(string Status, string Label, int Ideas);

internal sealed record InsightsReport(
    string? Pool, DateOnly From, DateOnly To, int Questions, IReadOnlyList<WeekCount> QuestionsPerWeek,
    DurationFigures FirstResponse, DurationFigures Resolution, Share SentToExperts, Share NobodyJoined, Share AnsweredFromKnowledge,
    KnowledgeInsights Knowledge, IReadOnlyList<ContributorFigures> TopContributors, IReadOnlyList<ExpertLoadFigures> Load,
    IReadOnlyList<IdeaStage> IdeaFunnel);
