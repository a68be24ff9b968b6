using ExpertBot.Features.Experts;
using RoutingHours = ExpertBot.Features.Routing.WorkingHours;

namespace ExpertBot.Features.Routing;

/// <summary>A directory person plus their own settings, as the ranker sees them.</summary>
internal static class DirectoryProfiles
{
    public static ExpertProfile ToProfile(DirectoryPerson person, ExpertPreferences preferences, int defaultDailyInvitations, DateTimeOffset now)
    {
        // The ranker reads working hours in the profile's zone; an id this machine does not know means no hours signal
        // rather than a refused profile (Graph may send a Windows zone name a Linux host lacks).
        var zone = Known(person.WorkingHours?.TimeZone) ?? Known(person.TimeZone);
        return new ExpertProfile(person.Id, person.DisplayName)
        {
            Skills = person.Skills,
            Responsibilities = person.Responsibilities,
            Interests = person.Interests,
            PastProjects = person.PastProjects,
            AboutMe = person.AboutMe,
            JobTitle = person.JobTitle,
            Department = person.Department,
            WantsTopics = preferences.AskMeAbout,
            NeverTopics = preferences.NeverAskAbout,
            TimeZoneId = zone,
            WorkingHours = zone is null || person.WorkingHours is not { } hours ? null : new RoutingHours(hours.Start, hours.End, hours.Days),
            DailyInvitationBudget = preferences.MaxInvitationsPerDay ?? defaultDailyInvitations,
            RoutingPaused = preferences.IsPausedAt(now),
        };
    }

    /// <summary>Teams presence strings (Graph's availability and activity) as the ranker's presence.</summary>
    public static ExpertAvailability Availability(PresenceInfo? presence, ExpertLoad load) => new(
        presence?.Availability switch
        {
            "Available" or "AvailableIdle" => Presence.Available,
            "Busy" or "BusyIdle" => Presence.Busy,
            "DoNotDisturb" => Presence.DoNotDisturb,
            "Away" or "BeRightBack" => Presence.Away,
            "Offline" => Presence.Offline,
            _ => Presence.Unknown,
        },
        OutOfOffice: string.Equals(presence?.Activity, "OutOfOffice", StringComparison.OrdinalIgnoreCase),
        OpenInvitations: load.Open,
        InvitationsToday: load.Today);

    private static string? Known(string? zone) =>
        zone is not null && TimeZones.TryFind(zone, out _) ? zone : null;
}
