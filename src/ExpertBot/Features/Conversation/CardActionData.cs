using System.Text.Json;

namespace ExpertBot.Features.Conversation;

/// <summary>Reads the verb of a card action: Action.Execute's <c>action.verb</c>, or the <c>verb</c> an Action.Submit fallback carries in its data.</summary>
internal static class CardActionData
{
    private const int MaxVerbLength = 100;

    /// <summary>The verb, or null when there is none a handler could have (absent, not a string, too long, not Unicode).</summary>
    public static string? Verb(JsonElement? value)
    {
        if (value is not { ValueKind: JsonValueKind.Object } v || !v.TryGetProperty("verb", out var verb) || verb.ValueKind != JsonValueKind.String)
        {
            return null;
        }
        try
        {
            return verb.GetString() is { Length: > 0 and <= MaxVerbLength } name ? name : null;
        }
        catch (InvalidOperationException)
        {
            return null; // A lone surrogate: no verb is spelled that way.
        }
    }
}

/// <summary>The question form ("ask"): the draft's fields and the choices offered; a note on top when the bot offers it unasked.</summary>
internal sealed record QuestionForm(
    string DraftId, QuestionDraft Draft, IReadOnlyList<FormChoice> Products, IReadOnlyList<FormChoice> Urgencies, string? Note = null, string? CaseId = null)
{
    private static readonly FormChoice[] UrgencyChoices =
    [
        new("Low: no customer impact yet", "low"), new("Normal", "normal"), new("High: customer blocked", "high"),
        new("Critical: outage or data loss", "critical"),
    ];

    /// <summary>
    /// A form offering the products the expert pools serve (none picked: the text decides the pool), filled in with
    /// <paramref name="text"/> when given (its first line the question, the rest its details).
    /// </summary>
    public static QuestionForm For(IEnumerable<string> products, string? text = null, string? note = null)
    {
        var lines = (text ?? "").Split('\n', 2);
        var title = ExpertBot.Teams.TextClip.Clip(lines[0], 500) ?? "";
        var details = lines.Length > 1 ? ExpertBot.Teams.TextClip.Clip(lines[1], 4000) ?? "" : "";
        return new("new", new QuestionDraft(title, details, "", "", "normal"),
            [.. products.Distinct(StringComparer.OrdinalIgnoreCase).Select(p => new FormChoice(p, p))], UrgencyChoices, note);
    }
}

internal sealed record QuestionDraft(string Title, string Details, string Tried, string Product, string Urgency);

internal sealed record FormChoice(string Title, string Value);
