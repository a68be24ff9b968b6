using System.Globalization;
using System.Text.RegularExpressions;

namespace ExpertBot.Features.Experts;

/// <summary>An expert's chat command about their own profile and routing settings.</summary>
internal abstract record SelfServiceCommand
{
    public sealed record ShowProfile : SelfServiceCommand;
    public sealed record AskAbout(string Topic) : SelfServiceCommand;
    public sealed record NeverAskAbout(string Topic) : SelfServiceCommand;
    public sealed record Forget(string Topic) : SelfServiceCommand;
    public sealed record SetQuietHours(QuietHours? Hours) : SelfServiceCommand;
    public sealed record SetDailyLimit(int? Max) : SelfServiceCommand;
    /// <summary>Pause for this long (null = until resumed), or resume (Resume = true).</summary>
    public sealed record Pause(TimeSpan? For, DateOnly? Until, bool Resume) : SelfServiceCommand;
    /// <summary>Looked like a self-service command but could not be read; the message says how to write it.</summary>
    public sealed record Invalid(string Message) : SelfServiceCommand;
}

/// <summary>Reads self-service commands; any other text is not ours (null) and goes on as a question.</summary>
internal static partial class SelfServiceParser
{
    public const int MaxDailyLimit = 50;

    public static SelfServiceCommand? Parse(string text)
    {
        var t = Regex.Replace(text.Trim().TrimEnd('.', '!'), @"\s+", " ");
        var command = ParseCommand(t);
        // "pause button does nothing on iOS" is a question, not a malformed command: only short
        // texts get the how-to.
        return command is SelfServiceCommand.Invalid && t.Split(' ').Length > MaxCommandWords ? null : command;
    }

    private const int MaxCommandWords = 4;

    private static SelfServiceCommand? ParseCommand(string t)
    {
        if (Is(t, "my profile") || Is(t, "profile") || Is(t, "show my profile"))
        {
            return new SelfServiceCommand.ShowProfile();
        }
        if (AskMe().Match(t) is { Success: true } ask)
        {
            return Topic(ask, topic => new SelfServiceCommand.AskAbout(topic));
        }
        if (NeverAsk().Match(t) is { Success: true } never)
        {
            return Topic(never, topic => new SelfServiceCommand.NeverAskAbout(topic));
        }
        if (ForgetTopic().Match(t) is { Success: true } forget)
        {
            return Topic(forget, topic => new SelfServiceCommand.Forget(topic));
        }
        if (Quiet().Match(t) is { Success: true } quiet)
        {
            var value = quiet.Groups["value"].Value.Trim();
            if (Is(value, "off") || Is(value, "none"))
            {
                return new SelfServiceCommand.SetQuietHours(null);
            }
            var parts = value.Split('-', StringSplitOptions.TrimEntries);
            return parts.Length == 2 && TryTime(parts[0], out var start) && TryTime(parts[1], out var end) && start != end
                ? new SelfServiceCommand.SetQuietHours(new QuietHours(start, end))
                : new SelfServiceCommand.Invalid("Write quiet hours as `quiet hours 18:00-08:00` (your time zone), or `quiet hours off`.");
        }
        if (Limit().Match(t) is { Success: true } limit)
        {
            var value = limit.Groups["value"].Value.Trim();
            if (Is(value, "off") || Is(value, "none"))
            {
                return new SelfServiceCommand.SetDailyLimit(null);
            }
            return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var max) && max is >= 0 and <= MaxDailyLimit
                ? new SelfServiceCommand.SetDailyLimit(max)
                : new SelfServiceCommand.Invalid($"Write the limit as `max 3 per day` (0 to {MaxDailyLimit}), or `max off`.");
        }
        if (Is(t, "resume") || Is(t, "unpause"))
        {
            return new SelfServiceCommand.Pause(null, null, Resume: true);
        }
        if (PauseCommand().Match(t) is { Success: true } pause)
        {
            var rest = pause.Groups["rest"].Value.Trim();
            if (rest.Length == 0)
            {
                return new SelfServiceCommand.Pause(null, null, Resume: false);
            }
            if (PauseDays().Match(rest) is { Success: true } days && int.TryParse(days.Groups["n"].Value, out var n) && n is >= 1 and <= 365)
            {
                return new SelfServiceCommand.Pause(TimeSpan.FromDays(n), null, Resume: false);
            }
            if (rest.StartsWith("until ", StringComparison.OrdinalIgnoreCase)
                && DateOnly.TryParseExact(rest[6..].Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var until))
            {
                return new SelfServiceCommand.Pause(null, until, Resume: false);
            }
            return new SelfServiceCommand.Invalid("Write `pause`, `pause 5 days` (1 to 365) or `pause until 2026-08-31`; `resume` ends it.");
        }
        return null;
    }

    private static SelfServiceCommand Topic(Match match, Func<string, SelfServiceCommand> make)
    {
        var topic = match.Groups["topic"].Value.Trim().Trim('"', '\'', '`');
        return topic.Length is 0 or > ExpertPreferences.MaxTopicLength
            ? new SelfServiceCommand.Invalid($"A topic is 1 to {ExpertPreferences.MaxTopicLength} characters.")
            : make(topic);
    }

    private static bool TryTime(string s, out TimeOnly time) =>
        TimeOnly.TryParseExact(s, ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out time);

    private static bool Is(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"^ask me about\b(?<topic>.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex AskMe();

    [GeneratedRegex(@"^(?:never ask me about|don'?t ask me about|do not ask me about)\b(?<topic>.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex NeverAsk();

    [GeneratedRegex(@"^(?:forget topic|forget|remove topic)\b(?<topic>.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex ForgetTopic();

    [GeneratedRegex(@"^quiet hours\b(?<value>.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex Quiet();

    [GeneratedRegex(@"^max(?: invitations)?\b(?<value>.*?)(?: (?:invitations )?(?:a|per) day)?$", RegexOptions.IgnoreCase)]
    private static partial Regex Limit();

    [GeneratedRegex(@"^pause\b(?<rest>.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex PauseCommand();

    [GeneratedRegex(@"^(?:for )?(?<n>\d+) days?$", RegexOptions.IgnoreCase)]
    private static partial Regex PauseDays();
}
