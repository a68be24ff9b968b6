using System.Globalization;
using ExpertBot.CardActions;
using ExpertBot.Teams;

namespace ExpertBot.Features.Experts;

/// <summary>
/// "Save" on the expert profile card: the expert's own routing settings. Anyone may save, and only ever their own: the
/// profile is the sender's, whatever the card says.
/// </summary>
internal sealed record SaveProfile(IReadOnlyList<string> AskMeAbout, IReadOnlyList<string> NeverAskAbout, int? MaxPerDay, QuietHours? Quiet, bool Paused)
    : ICardVerb<SaveProfile>
{
    public static string Verb => "saveProfile";

    public static Who Who => Who.AnyoneInTenant;

    private static readonly IReadOnlyDictionary<string, bool> Toggle = new Dictionary<string, bool>(StringComparer.Ordinal) { ["true"] = true, ["false"] = false };

    public static SaveProfile Bind(CardData data)
    {
        var ask = Topics(data.Text("askMeAbout", 2000));
        var never = Topics(data.Text("neverAskAbout", 2000));
        if (ask.Count + never.Count > ExpertPreferences.MaxTopics)
        {
            throw Invalid($"Keep it to {ExpertPreferences.MaxTopics} topics in all.");
        }
        if (ask.Concat(never).FirstOrDefault(t => t.Length > ExpertPreferences.MaxTopicLength) is { } tooLong)
        {
            throw Invalid($"A topic is at most {ExpertPreferences.MaxTopicLength} characters: \"{tooLong[..20]}…\" is longer.");
        }
        if (ask.Intersect(never, StringComparer.OrdinalIgnoreCase).FirstOrDefault() is { } both)
        {
            throw Invalid($"\"{both}\" is both a topic to ask you about and one never to ask you about.");
        }
        int? max = data.Text("maxPerDay", 3) is { } text
            ? int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var m) && m is >= 0 and <= SelfServiceParser.MaxDailyLimit
                ? m
                : throw Invalid($"The daily limit is 0 to {SelfServiceParser.MaxDailyLimit}, or empty for the default.")
            : null;
        QuietHours? quiet = null;
        if (data.Text("quietHours", 20) is { } hours)
        {
            quiet = SelfServiceParser.Parse("quiet hours " + hours) is SelfServiceCommand.SetQuietHours set
                ? set.Hours
                : throw Invalid("Write quiet hours as 18:00-08:00, or leave them empty.");
        }
        return new SaveProfile(ask, never, max, quiet, data.Choice("paused", Toggle, false));
    }

    private static List<string> Topics(string? text) =>
        text is null ? [] : [.. text.Split([',', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase)];

    private static CardDataException Invalid(string reason) => new(new Refusal("Not saved", reason + " Nothing changed."));
}

internal sealed class SaveProfileHandler(ExpertDirectory directory, IDirectoryStore store, ExpertProfileCards cards, TimeProvider time)
    : ICardActionHandler<SaveProfile>
{
    public async Task<CardReply> HandleAsync(CardAction<SaveProfile> action, CancellationToken ct)
    {
        if (await directory.FindAsync(action.Actor.Id, ct) is not { } person)
        {
            var refusal = new Refusal("No profile to change", "I can't find you in the company directory, so there is no expert profile to change. Ask your admin to check the directory sync.");
            return new CardReply(cards.Refusal(refusal), refusal);
        }
        var save = action.Data;
        var before = await directory.GetPreferencesAsync(person.Id, ct);
        var now = time.GetUtcNow();
        var after = before with
        {
            AskMeAbout = save.AskMeAbout,
            NeverAskAbout = save.NeverAskAbout,
            MaxInvitationsPerDay = save.MaxPerDay,
            Quiet = save.Quiet,
            // Unticking resumes; ticking keeps a pause already set (with its end) or pauses until resumed.
            PausedUntil = !save.Paused ? null : before.IsPausedAt(now) ? before.PausedUntil : DateTimeOffset.MaxValue,
        };
        if (after != before)
        {
            await store.SavePreferencesAsync(after, ct);
        }
        return new CardReply(cards.Profile(person, after, after != before ? "Saved." : "Nothing to change."));
    }
}
