using System.Text;
using ExpertBot.Protocol.Activities;

namespace ExpertBot.Features.Experts;

/// <summary>
/// Experts manage how ExpertBot asks them, in chat: see their profile as the bot sees it, add or
/// drop topics, quiet hours, a daily limit, a pause. Bad input gets a how-to and changes nothing.
/// </summary>
internal sealed class SelfService(ExpertDirectory directory, IDirectoryStore store, ExpertProfileCards cards, TimeProvider time)
{
    /// <summary>
    /// The reply when <paramref name="text"/> is a self-service command (the profile card, with what changed on top, or a
    /// how-to when the command is malformed); null when it is not one.
    /// </summary>
    public async Task<Activity?> TryHandleAsync(ChannelAccount? from, string text, CancellationToken ct)
    {
        var command = SelfServiceParser.Parse(text);
        if (command is null)
        {
            return null;
        }
        if (command is SelfServiceCommand.Invalid invalid)
        {
            return Text(invalid.Message);
        }
        var person = await directory.FindByAccountAsync(from, ct);
        if (person is null)
        {
            return Text("I can't find you in the company directory, so there is no expert profile to change. Ask your admin to check the directory sync.");
        }
        var before = await directory.GetPreferencesAsync(person.Id, ct);
        var (after, note) = Apply(before, command, person);
        if (after != before)
        {
            await store.SavePreferencesAsync(after, ct);
        }
        return cards.Profile(person, after, note);
    }

    private static Activity Text(string text) => new() { Type = ActivityTypes.Message, Text = text, TextFormat = "markdown" };

    private (ExpertPreferences Preferences, string? Note) Apply(ExpertPreferences p, SelfServiceCommand command, DirectoryPerson person)
    {
        var now = time.GetUtcNow();
        switch (command)
        {
            case SelfServiceCommand.AskAbout(var topic):
                return p.TopicProblem(topic) is { } problem ? (p, problem) : (p.AskAbout(topic), $"I'll ask you about \"{topic}\".");
            case SelfServiceCommand.NeverAskAbout(var topic):
                return p.TopicProblem(topic) is { } problem2 ? (p, problem2) : (p.NeverAsk(topic), $"I won't ask you about \"{topic}\".");
            case SelfServiceCommand.Forget(var topic):
                var forgotten = p.Forget(topic);
                return forgotten.AskMeAbout.Count + forgotten.NeverAskAbout.Count == p.AskMeAbout.Count + p.NeverAskAbout.Count
                    ? (p, $"\"{topic}\" is not one of your topics.")
                    : (forgotten, $"Forgot \"{topic}\".");
            case SelfServiceCommand.SetQuietHours(var hours):
                return (p with { Quiet = hours }, hours is null ? "Quiet hours off." : $"Quiet hours {hours} ({person.TimeZone ?? "UTC"}).");
            case SelfServiceCommand.SetDailyLimit(var max):
                return (p with { MaxInvitationsPerDay = max }, max is null ? "No personal daily limit." : $"At most {max} invitation(s) a day.");
            case SelfServiceCommand.Pause { Resume: true }:
                return (p with { PausedUntil = null }, "Welcome back: you can be invited again.");
            case SelfServiceCommand.Pause { For: { } span }:
                return (p with { PausedUntil = now + span }, $"Paused until {(now + span):yyyy-MM-dd HH:mm} UTC.");
            case SelfServiceCommand.Pause { Until: { } day }:
                var end = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddDays(1);
                return end <= now ? (p, "That date has passed.") : (p with { PausedUntil = end }, $"Paused until the end of {day:yyyy-MM-dd}.");
            case SelfServiceCommand.Pause:
                return (p with { PausedUntil = DateTimeOffset.MaxValue }, "Paused until you say `resume`.");
            default:
                return (p, null);
        }
    }
}
