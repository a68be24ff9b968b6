using System.Text.Json;
using ExpertBot.CardActions;
using ExpertBot.Features.Ideas;
using ExpertBot.Features.Questions;
using ExpertBot.Protocol.Activities;

namespace ExpertBot.Features.Conversation;

/// <summary>Answers invokes in the request itself: Teams waits for the response body.</summary>
internal sealed class InvokeHandler(CardActionDispatcher actions, QuestionFlow questions, IdeaMessageAction ideas, DemoIdentity demo)
{
    private const string AdaptiveCardAction = "adaptiveCard/action";
    private const string MessageAction = "composeExtension/submitAction";

    public async Task<InvokeResponse> HandleAsync(Activity activity, CancellationToken ct)
    {
        demo.Apply(activity);
        if (activity.Name == MessageAction && activity.Value is { } ideaAction && IdeaMessageAction.IsFor(ideaAction))
        {
            var said = await ideas.OpenFormAsync(activity, ideaAction, ct);
            return new InvokeResponse(200, new { composeExtension = new { type = "message", text = said } });
        }
        if (activity.Name == MessageAction && activity.Value is { } messageAction)
        {
            var said = await questions.AskFromMessageAsync(activity, messageAction, ct);
            return new InvokeResponse(200, new { composeExtension = new { type = "message", text = said } });
        }
        if (activity.Name != AdaptiveCardAction)
        {
            return InvokeResponse.Unhandled;
        }
        var action = activity.Value is { ValueKind: JsonValueKind.Object } v && v.TryGetProperty("action", out var a) ? a : default;
        if (CardActionData.Verb(action) is not { } verb)
        {
            return InvokeResponse.Error(400, "BadRequest", "The card action has no verb.");
        }
        if (!actions.Knows(verb))
        {
            return InvokeResponse.Error(400, "BadRequest", "This card asks for an action the bot does not know.");
        }
        // The card's data plus its inputs; identity comes from the activity, never from here.
        var data = action.ValueKind == JsonValueKind.Object && action.TryGetProperty("data", out var d) ? d : default;
        var reply = await actions.DispatchAsync(activity, verb, data, ct);
        // A refusal is a message beside the card, which stays as the person was reading it; a change answers with the card as it now is.
        return reply switch
        {
            { Refused: { } refusal } => InvokeResponse.Message($"{refusal.Title}: {refusal.Reason}"),
            { Card: { } card } => InvokeResponse.Card(card),
            _ => InvokeResponse.Message(reply.Message.Text ?? ""),
        };
    }
}
