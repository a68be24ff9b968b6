using System.Text.Json;

namespace ExpertBot.Features.Conversation;

/// <summary>Reads the verb of a card action: Action.Execute's <c>action.verb</c>, or the <c>verb</c> an Action.Submit fallback carries in its data.</summary>
internal static class CardActionData
{
    public static string? Verb(JsonElement? value) =>
        value is { ValueKind: JsonValueKind.Object } v && v.TryGetProperty("verb", out var verb) && verb.ValueKind == JsonValueKind.String
            ? verb.GetString()
            : null;
}

/// <summary>The empty question form ("ask").</summary>
internal sealed record QuestionForm(string DraftId, QuestionDraft Draft, IReadOnlyList<QuestionKind> Kinds)
{
    public static QuestionForm Empty { get; } = new("new", new QuestionDraft("", "", "issue"), [new("Customer issue", "issue"), new("Feature idea", "idea")]);
}

internal sealed record QuestionDraft(string Title, string Details, string Kind);

internal sealed record QuestionKind(string Title, string Value);
