using ExpertBot.Protocol.Activities;

namespace ExpertBot.CardActions;

/// <summary>
/// What a card action answers: a message carrying the card to show (an invoke's response replaces the clicked card with
/// it; an Action.Submit gets it as a reply). <see cref="Refused"/> when nothing changed because the action was refused.
/// </summary>
internal sealed record CardReply(Activity Message, Refusal? Refused = null)
{
    /// <summary>The card of the message (the first attachment), for an invoke response; null for a notice.</summary>
    public System.Text.Json.JsonElement? Card => Message.Attachments is [{ Content: { } content }, ..] ? content : null;

    /// <summary>
    /// An answer that leaves the clicked card as it is: a line of text (an invoke answers it as a message Teams shows
    /// beside the card; an Action.Submit gets it as a reply).
    /// </summary>
    public static CardReply Notice(string text) => new(new Activity { Type = ActivityTypes.Message, Text = text, TextFormat = "plain" });
}
