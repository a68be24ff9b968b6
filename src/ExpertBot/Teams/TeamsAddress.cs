using ExpertBot.Protocol.Activities;

namespace ExpertBot.Teams;

/// <summary>Who sent an activity and where to answer them later, from the authenticated activity itself.</summary>
internal static class TeamsAddress
{
    /// <summary>
    /// The person's identity is the Entra object id Teams puts in <c>from.aadObjectId</c> (the token vouches for the
    /// activity); clients without one (Web Chat, the Playground's anonymous users) fall back to the channel user id.
    /// </summary>
    public static string? ActorId(Activity activity) =>
        activity.From?.AadObjectId is { Length: > 0 } aad ? aad : activity.From?.Id is { Length: > 0 } id ? id : null;

    public static Actor? Actor(Activity activity) =>
        ActorId(activity) is { } id
            ? new Actor(id, activity.From?.Name is { Length: > 0 } name ? name : "Someone", Chat(activity))
            : null;

    /// <summary>
    /// Where to send the sender personal updates: the conversation itself when it is their 1:1 chat with the bot; from a
    /// channel or group chat, a 1:1 chat created on first use (updates must not become new posts in a channel).
    /// </summary>
    public static ConversationRef PersonalChat(Activity activity) =>
        activity.Conversation?.ConversationType is null or "personal"
            ? Chat(activity)
            : Chat(activity) with { ConversationId = string.Empty, UserId = activity.From?.Id };

    /// <summary>The conversation the activity came from, to send to it later (proactively).</summary>
    public static ConversationRef Chat(Activity activity) => new(
        activity.ServiceUrl ?? string.Empty,
        activity.ChannelId ?? string.Empty,
        activity.Conversation?.Id ?? string.Empty,
        activity.TenantId,
        activity.Recipient?.Id);
}
