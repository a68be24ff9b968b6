using ExpertBot.CardActions;
using ExpertBot.Protocol.Activities;
using ExpertBot.Teams;

namespace ExpertBot.Features.Experts;

/// <summary>The expert profile card (cards/expert-profile.json): how ExpertBot sees an expert, and their settings to edit.</summary>
internal sealed class ExpertProfileCards(CardLibrary cards, TimeProvider time)
{
    public Activity Profile(DirectoryPerson person, ExpertPreferences p, string? note = null)
    {
        var now = time.GetUtcNow();
        return cards.Message("expert-profile", new
        {
            note,
            name = person.DisplayName,
            about = string.Join(" · ", new[] { person.JobTitle, person.Department }.Where(s => !string.IsNullOrWhiteSpace(s))),
            skills = string.Join(", ", person.Skills),
            workingHours = person.WorkingHours is { } hours
                ? $"{string.Join(", ", hours.Days.Select(d => d.ToString()[..3]))} {hours.Start:HH\\:mm}-{hours.End:HH\\:mm} ({person.TimeZone ?? hours.TimeZone ?? "time zone unknown"})"
                : null,
            routing = !p.IsPausedAt(now) ? "Active: you can be invited"
                : p.PausedUntil == DateTimeOffset.MaxValue ? "Paused until you resume"
                : $"Paused until {p.PausedUntil:yyyy-MM-dd HH:mm} UTC",
            askMeAbout = string.Join(", ", p.AskMeAbout),
            neverAskAbout = string.Join(", ", p.NeverAskAbout),
            maxPerDay = p.MaxInvitationsPerDay,
            quietHours = p.Quiet?.ToString() ?? "",
            paused = p.IsPausedAt(now) ? "true" : "false",
        });
    }

    public Activity Refusal(Refusal refusal) => cards.Message("refusal", new { title = refusal.Title, reason = refusal.Reason });
}
