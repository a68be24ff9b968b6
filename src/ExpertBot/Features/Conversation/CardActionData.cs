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

/// <summary>The question form ("ask"): the draft's fields and the choices offered.</summary>
internal sealed record QuestionForm(
    string DraftId, QuestionDraft Draft, IReadOnlyList<FormChoice> Kinds, IReadOnlyList<FormChoice> Products, IReadOnlyList<FormChoice> Urgencies)
{
    private static readonly FormChoice[] KindChoices = [new("Customer issue", "issue"), new("Feature idea", "idea")];

    private static readonly FormChoice[] UrgencyChoices =
    [
        new("Low: no customer impact yet", "low"), new("Normal", "normal"), new("High: customer blocked", "high"),
        new("Critical: outage or data loss", "critical"),
    ];

    /// <summary>An empty form offering the products the expert pools serve (none picked: the text decides the pool).</summary>
    public static QuestionForm For(IEnumerable<string> products) => new("new", new QuestionDraft("", "", "", "", "normal", "issue"), KindChoices,
        [.. products.Distinct(StringComparer.OrdinalIgnoreCase).Select(p => new FormChoice(p, p))], UrgencyChoices);
}

internal sealed record QuestionDraft(string Title, string Details, string Tried, string Product, string Urgency, string Kind);

internal sealed record FormChoice(string Title, string Value);
