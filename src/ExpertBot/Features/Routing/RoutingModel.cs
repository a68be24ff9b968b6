namespace ExpertBot.Features.Routing;

/// <summary>One answer to a resolved question: who, when, and whether it was the accepted one.</summary>
internal sealed record PastAnswer(string ExpertId, DateTimeOffset At, bool Accepted);

/// <summary>A resolved past question: what was asked (title, body, tags/product), when, and its answers.</summary>
internal sealed record PastQuestion(string Id, DateTimeOffset At, string Title, string Body, IReadOnlyList<string> Tags,
    IReadOnlyList<PastAnswer> Answers);

/// <summary>
/// An expert as the directory knows them. Skills and responsibilities are curated and say what a person is
/// for, so they weigh more than free text (about me, interests, past projects, title, department).
/// </summary>
internal sealed record ExpertProfile(string Id, string DisplayName)
{
    public IReadOnlyList<string> Skills { get; init; } = [];
    public IReadOnlyList<string> Responsibilities { get; init; } = [];
    public IReadOnlyList<string> Interests { get; init; } = [];
    public IReadOnlyList<string> PastProjects { get; init; } = [];
    public string? AboutMe { get; init; }
    public string? JobTitle { get; init; }
    public string? Department { get; init; }

    /// <summary>Topics (tags or words) the expert asked to get questions about.</summary>
    public IReadOnlyList<string> WantsTopics { get; init; } = [];

    /// <summary>Topics the expert asked never to be asked about: a hard exclusion.</summary>
    public IReadOnlyList<string> NeverTopics { get; init; } = [];

    /// <summary>IANA or Windows time zone id; working hours are read in it. Null = no working-hours signal.</summary>
    public string? TimeZoneId { get; init; }
    public WorkingHours? WorkingHours { get; init; }

    /// <summary>Most invitations a day the expert accepts; null = no budget.</summary>
    public int? DailyInvitationBudget { get; init; }

    /// <summary>Vacation or "leave me alone": never invited while set.</summary>
    public bool RoutingPaused { get; init; }
}

internal sealed record WorkingHours(TimeOnly Start, TimeOnly End, IReadOnlyList<DayOfWeek> Days);

internal enum Presence
{
    Unknown,
    Available,
    Busy,
    DoNotDisturb,
    Away,
    Offline,
}

/// <summary>Live state of an expert at ranking time (presence, out of office, load). Unknown fields change nothing.</summary>
internal sealed record ExpertAvailability(Presence Presence = Presence.Unknown, bool OutOfOffice = false,
    int OpenInvitations = 0, int InvitationsToday = 0);

internal enum DeclineReason
{
    NotMyArea,
    TooBusy,
    SomeoneElseIsBetter,
}

/// <summary>An expert declined an invitation for a question with these tags/topics.</summary>
internal sealed record ExpertDecline(string ExpertId, DateTimeOffset At, DeclineReason Reason, IReadOnlyList<string> Topics);

/// <summary>A question to route. <see cref="At"/> is the question's time: every time-based signal is read against it.</summary>
internal sealed record RoutingQuery(string Title, string Body, IReadOnlyList<string> Tags, string? AskerId, DateTimeOffset At)
{
    /// <summary>
    /// Topics the question does not name itself, with where they came from ("the question matches the article …"): the
    /// explanation says so rather than pretend the question named them.
    /// </summary>
    public IReadOnlyDictionary<string, string>? TopicSources { get; init; }
}

/// <summary>
/// What coordination first learned about a question before routing it: the topics and product of the knowledge articles
/// it nearly matched (not closely enough to offer them as the answer), each with the article it came from.
/// </summary>
internal sealed record RoutingHints(IReadOnlyList<(string Topic, string Source)> Topics, string? Product)
{
    public static RoutingHints None { get; } = new([], null);
}

internal sealed record RankedExpert(string ExpertId, double Score, string Why)
{
    /// <summary>Whether anything ties them to the question (past answers, tags, their profile's words), beyond recent activity.</summary>
    public bool Relevant { get; init; } = true;
}
