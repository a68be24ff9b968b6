using System.Text.Json;
using ExpertBot.Features.Questions;
using ExpertBot.Protocol.Activities;

namespace ExpertBot.Features.Conversation;

/// <summary>Answers invokes in the request itself: Teams waits for the response body.</summary>
internal sealed class InvokeHandler(CardLibrary cards, QuestionFlow questions)
{
    private const string AdaptiveCardAction = "adaptiveCard/action";
    private const string MessageAction = "composeExtension/submitAction";

    public async Task<InvokeResponse> HandleAsync(Activity activity, CancellationToken ct)
    {
        if (activity.Name == MessageAction && activity.Value is { } messageAction)
        {
            var said = await questions.AskFromMessageAsync(activity, messageAction, ct);
            return new InvokeResponse(200, new { composeExtension = new { type = "message", text = said } });
        }
        if (activity.Name != AdaptiveCardAction)
        {
            return InvokeResponse.NotImplemented;
        }
        var action = activity.Value is { ValueKind: JsonValueKind.Object } v && v.TryGetProperty("action", out var a) ? a : default;
        var verb = CardActionData.Verb(action);
        if (verb is null)
        {
            return InvokeResponse.Error(400, "BadRequest", "The card action has no verb.");
        }
        if (verb == "showHelp")
        {
            return InvokeResponse.Card(cards.FixedCard("help", HelpCard.Default));
        }
        if (!QuestionFlow.Verbs.Contains(verb))
        {
            return InvokeResponse.Error(400, "BadRequest", $"Unknown card action '{verb}'.");
        }
        // The card's data plus its inputs; identity comes from the activity, never from here.
        var data = action.TryGetProperty("data", out var d) ? d : default;
        var card = await questions.ActAsync(activity, verb, data, ct);
        return InvokeResponse.Card(card.Attachments![0].Content!.Value);
    }
}
