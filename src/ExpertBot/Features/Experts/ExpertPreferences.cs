namespace ExpertBot.Features.Experts;

/// <summary>
/// What an expert told ExpertBot about being asked. Kept apart from the synced profile, so a
/// Graph sync never overwrites it. Routing reads it through <see cref="ExpertDirectory.GetPreferencesAsync"/>.
/// </summary>
internal sealed record ExpertPreferences(string PersonId)
{
    public const int MaxTopics = 30;
    public const int MaxTopicLength = 60;

    /// <summary>Topics the expert wants questions about, on top of their profile.</summary>
    public IReadOnlyList<string> AskMeAbout { get; init; } = [];

    /// <summary>Topics the expert must not be asked about, whatever their profile says.</summary>
    public IReadOnlyList<string> NeverAskAbout { get; init; } = [];

    /// <summary>Daily quiet hours in the expert's time zone; may cross midnight (22:00-07:00).</summary>
    public QuietHours? Quiet { get; init; }

    /// <summary>Most invitations a day; null = the pool's default.</summary>
    public int? MaxInvitationsPerDay { get; init; }

    /// <summary>Routing paused (vacation) until this instant; <see cref="DateTimeOffset.MaxValue"/> = until resumed.</summary>
    public DateTimeOffset? PausedUntil { get; init; }

    public bool IsPausedAt(DateTimeOffset now) => PausedUntil is { } until && now < until;

    public ExpertPreferences AskAbout(string topic) => this with
    {
        AskMeAbout = Add(AskMeAbout, topic),
        NeverAskAbout = Remove(NeverAskAbout, topic),
    };

    public ExpertPreferences NeverAsk(string topic) => this with
    {
        NeverAskAbout = Add(NeverAskAbout, topic),
        AskMeAbout = Remove(AskMeAbout, topic),
    };

    public ExpertPreferences Forget(string topic) => this with
    {
        AskMeAbout = Remove(AskMeAbout, topic),
        NeverAskAbout = Remove(NeverAskAbout, topic),
    };

    /// <summary>Why <paramref name="topic"/> cannot be kept, or null.</summary>
    public string? TopicProblem(string topic)
    {
        if (string.IsNullOrWhiteSpace(topic) || topic.Length > MaxTopicLength)
        {
            return $"A topic is 1 to {MaxTopicLength} characters.";
        }
        return AskMeAbout.Count + NeverAskAbout.Count >= MaxTopics && !Contains(AskMeAbout, topic) && !Contains(NeverAskAbout, topic)
            ? $"You already have {MaxTopics} topics; forget one first."
            : null;
    }

    private static bool Contains(IReadOnlyList<string> list, string topic) => list.Contains(topic, StringComparer.OrdinalIgnoreCase);

    private static IReadOnlyList<string> Add(IReadOnlyList<string> list, string topic) => Contains(list, topic) ? list : [.. list, topic];

    private static IReadOnlyList<string> Remove(IReadOnlyList<string> list, string topic) =>
        [.. list.Where(t => !string.Equals(t, topic, StringComparison.OrdinalIgnoreCase))];
}

/// <summary>A daily quiet period in local time; End before Start means it crosses midnight.</summary>
internal sealed record QuietHours(TimeOnly Start, TimeOnly End)
{
    public bool Contains(TimeOnly local) => Start <= End ? local >= Start && local < End : local >= Start || local < End;

    /// <summary>Whether <paramref name="instant"/> is quiet for someone in <paramref name="timeZone"/> (UTC when unknown).</summary>
    public bool ContainsInstant(DateTimeOffset instant, string? timeZone)
    {
        var zone = timeZone is not null && TimeZones.TryFind(timeZone, out var found) ? found : TimeZoneInfo.Utc;
        return Contains(TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime));
    }

    public override string ToString() => $"{Start:HH\\:mm}-{End:HH\\:mm}";
}
