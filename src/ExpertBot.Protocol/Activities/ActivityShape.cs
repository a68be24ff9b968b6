namespace ExpertBot.Protocol.Activities;

/// <summary>
/// What an activity the bot acts on (a message, an invoke, a conversation update) must carry (botframework-activity.md:
/// channelId, serviceUrl, conversation; from on messages and invokes). Without them it can never be answered or
/// attributed, so it is refused at the door (400) rather than stored and failed five times as a turn. Other types are
/// ignored by the bot whatever they carry, as the spec asks of receivers.
/// </summary>
public static class ActivityShape
{
    /// <summary>Whether the bot acts on this type of activity at all; every other type is accepted and ignored.</summary>
    public static bool IsActedOn(Activity activity) =>
        activity.Type is ActivityTypes.Message or ActivityTypes.Invoke or ActivityTypes.ConversationUpdate;

    /// <summary>Null when the activity can be handled; otherwise a short reason for the sender.</summary>
    public static string? Problem(Activity activity)
    {
        if (!IsActedOn(activity))
        {
            return null;
        }
        if (string.IsNullOrWhiteSpace(activity.ChannelId))
        {
            return "The activity has no \"channelId\".";
        }
        if (string.IsNullOrWhiteSpace(activity.Conversation?.Id))
        {
            return "The activity has no \"conversation.id\".";
        }
        if (!Uri.TryCreate(activity.ServiceUrl, UriKind.Absolute, out var serviceUrl) || serviceUrl.Scheme is not ("https" or "http"))
        {
            return "The activity has no absolute http(s) \"serviceUrl\".";
        }
        if (activity.Type is ActivityTypes.Message or ActivityTypes.Invoke && string.IsNullOrWhiteSpace(activity.From?.Id))
        {
            return "The activity has no \"from.id\".";
        }
        if (activity.Entities is { } entities)
        {
            for (var i = 0; i < entities.Count; i++)
            {
                if (entities[i] is null)
                {
                    return $"\"entities[{i}]\" is not an object.";
                }
            }
        }
        if (activity.Attachments is { } attachments)
        {
            for (var i = 0; i < attachments.Count; i++)
            {
                if (attachments[i] is null)
                {
                    return $"\"attachments[{i}]\" is not an object.";
                }
            }
        }
        if (activity.MembersAdded?.Any(m => m is null) == true || activity.MembersRemoved?.Any(m => m is null) == true)
        {
            return "A member list holds something that is not an object.";
        }
        return null;
    }
}
