using ExpertBot.Features.Experts;
using Microsoft.Graph.Models;

namespace ExpertBot.Integrations.Graph;

/// <summary>Graph's user, profile and mailbox settings onto a <see cref="DirectoryPerson"/>.</summary>
internal static class GraphUserMapping
{
    /// <summary>Fields read by the listing and by delta (returned for many users at once).</summary>
    public static readonly string[] ListFields =
        ["id", "displayName", "mail", "userPrincipalName", "jobTitle", "department", "officeLocation", "preferredLanguage", "accountEnabled", "userType"];

    /// <summary>Fields Graph returns only for one user at a time (<c>$select</c> on users/{id}).</summary>
    public static readonly string[] ProfileFields = ["id", "aboutMe", "skills", "interests", "pastProjects", "responsibilities", "schools"];

    public static bool IsRemoved(User user) => user.AdditionalData?.ContainsKey("@removed") == true;

    public static bool IsMember(User user) => user.UserType is null || string.Equals(user.UserType, "Member", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Merges what a listing or delta page says. Delta sends only changed properties, so an
    /// absent (null) value keeps what we had; the per-user profile fields are kept as they are.
    /// </summary>
    public static DirectoryPerson Merge(DirectoryPerson? known, User user) => known is null
        ? new DirectoryPerson
        {
            Id = user.Id!,
            DisplayName = user.DisplayName ?? user.UserPrincipalName ?? user.Id!,
            Mail = user.Mail,
            UserPrincipalName = user.UserPrincipalName,
            JobTitle = user.JobTitle,
            Department = user.Department,
            OfficeLocation = user.OfficeLocation,
            PreferredLanguage = user.PreferredLanguage,
            AccountEnabled = user.AccountEnabled ?? true,
        }
        : known with
        {
            DisplayName = user.DisplayName ?? known.DisplayName,
            Mail = user.Mail ?? known.Mail,
            UserPrincipalName = user.UserPrincipalName ?? known.UserPrincipalName,
            JobTitle = user.JobTitle ?? known.JobTitle,
            Department = user.Department ?? known.Department,
            OfficeLocation = user.OfficeLocation ?? known.OfficeLocation,
            PreferredLanguage = user.PreferredLanguage ?? known.PreferredLanguage,
            AccountEnabled = user.AccountEnabled ?? known.AccountEnabled,
            Removed = false,
        };

    /// <summary>Adds the per-user fields; null means Graph had nothing (no SharePoint profile, no mailbox).</summary>
    public static DirectoryPerson WithProfile(DirectoryPerson person, User? profile, MailboxSettings? mailbox) => person with
    {
        AboutMe = profile?.AboutMe,
        Skills = Clean(profile?.Skills),
        Interests = Clean(profile?.Interests),
        PastProjects = Clean(profile?.PastProjects),
        Responsibilities = Clean(profile?.Responsibilities),
        Schools = Clean(profile?.Schools),
        TimeZone = mailbox?.TimeZone,
        WorkingHours = Hours(mailbox?.WorkingHours),
    };

    private static Features.Experts.WorkingHours? Hours(Microsoft.Graph.Models.WorkingHours? hours)
    {
        if (hours?.StartTime is not { } start || hours.EndTime is not { } end || hours.DaysOfWeek is not { Count: > 0 } days)
        {
            return null;
        }
        return new Features.Experts.WorkingHours(
            [.. days.OfType<DayOfWeekObject>().Select(d => Enum.Parse<DayOfWeek>(d.ToString()))],
            new TimeOnly(start.Hour, start.Minute, start.Second),
            new TimeOnly(end.Hour, end.Minute, end.Second),
            hours.TimeZone?.Name);
    }

    private static IReadOnlyList<string> Clean(List<string>? values) =>
        values is null ? [] : [.. values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v.Trim()).Distinct(StringComparer.OrdinalIgnoreCase)];
}
