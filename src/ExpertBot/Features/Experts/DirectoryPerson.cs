namespace ExpertBot.Features.Experts;

/// <summary>
/// One person as ExpertBot knows them, from Microsoft Graph or the JSON directory.
/// <see cref="Id"/> is the Entra object id: the <c>from.aadObjectId</c> Teams sends.
/// </summary>
internal sealed record DirectoryPerson
{
    public required string Id { get; init; }
    public required string DisplayName { get; init; }
    public string? Mail { get; init; }
    public string? UserPrincipalName { get; init; }
    public string? JobTitle { get; init; }
    public string? Department { get; init; }
    public string? OfficeLocation { get; init; }
    public string? PreferredLanguage { get; init; }

    /// <summary>Mailbox time zone: an IANA id in the JSON directory, Graph may send a Windows name.</summary>
    public string? TimeZone { get; init; }
    public WorkingHours? WorkingHours { get; init; }

    public string? AboutMe { get; init; }
    public IReadOnlyList<string> Skills { get; init; } = [];
    public IReadOnlyList<string> Interests { get; init; } = [];
    public IReadOnlyList<string> PastProjects { get; init; } = [];
    public IReadOnlyList<string> Responsibilities { get; init; } = [];
    public IReadOnlyList<string> Schools { get; init; } = [];

    public bool AccountEnabled { get; init; } = true;

    /// <summary>Deleted in Entra (delta <c>@removed</c>) or gone from the scoped groups; kept so history still names them.</summary>
    public bool Removed { get; init; }

    /// <summary>Last presence seen, if any; routing asks <see cref="PresenceCache"/> for a fresh one.</summary>
    public PresenceInfo? Presence { get; init; }

    /// <summary>Only enabled people still in the directory are ever invited.</summary>
    public bool IsRoutable => AccountEnabled && !Removed;
}

/// <summary>Working days and hours in <see cref="TimeZone"/>, as Outlook's mailbox settings have them.</summary>
internal sealed record WorkingHours(IReadOnlyList<DayOfWeek> Days, TimeOnly Start, TimeOnly End, string? TimeZone);

/// <summary>Teams presence (availability + activity, Graph's strings) and when it was read.</summary>
internal sealed record PresenceInfo(string Availability, string Activity, DateTimeOffset FetchedAt)
{
    /// <summary>Availability values in which an invitation is welcome right now.</summary>
    public bool IsAvailable => Availability is "Available" or "AvailableIdle";
}

internal static class WorkingHoursExtensions
{
    /// <summary>Whether <paramref name="instant"/> falls in these hours; null when the time zone is unknown here.</summary>
    public static bool? Contains(this WorkingHours hours, DateTimeOffset instant)
    {
        if (hours.TimeZone is null || !TimeZones.TryFind(hours.TimeZone, out var zone))
        {
            return null;
        }
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        var time = TimeOnly.FromDateTime(local.DateTime);
        return hours.Days.Contains(local.DayOfWeek) && time >= hours.Start && time < hours.End;
    }
}
