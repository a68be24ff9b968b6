using System.Text.Json;
using ExpertBot.Protocol.Activities;

namespace ExpertBot.Features.Conversation;

/// <summary>Answers invokes in the request itself: Teams waits for the response body.</summary>
internal sealed class InvokeHandler(CardLibrary cards)
{
    private const string AdaptiveCardAction = "adaptiveCard/action";

    public InvokeResponse Handle(Activity activity)
    {
        if (activity.Name != AdaptiveCardAction)
        {
            return InvokeResponse.NotImplemented;
        }
        var verb = Verb(activity.Value);
        return verb switch
        {
            "showHelp" => InvokeResponse.Card(CardLibrary.ToElement(cards.Card("help", HelpCard.Default))),
            null => InvokeResponse.Error(400, "BadRequest", "The card action has no verb."),
            _ => InvokeResponse.Error(400, "BadRequest", $"Unknown card action '{verb}'."),
        };
    }

    private static string? Verb(JsonElement? value) =>
        value is { ValueKind: JsonValueKind.Object } v
        && v.TryGetProperty("action", out var action) && action.ValueKind == JsonValueKind.Object
        && action.TryGetProperty("verb", out var verb) && verb.ValueKind == JsonValueKind.String
            ? verb.GetString()
            : null;
}
