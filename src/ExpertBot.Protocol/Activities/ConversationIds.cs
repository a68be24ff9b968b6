namespace ExpertBot.Protocol.Activities;

public static class ConversationIds
{
    private const string MessageIdMarker = ";messageid=";

    /// <summary>Teams encodes a channel thread as "channelId;messageid=rootId".</summary>
    public static string? ThreadRootId(string? conversationId)
    {
        if (conversationId is null)
        {
            return null;
        }
        var at = conversationId.IndexOf(MessageIdMarker, StringComparison.OrdinalIgnoreCase);
        return at < 0 ? null : conversationId[(at + MessageIdMarker.Length)..];
    }
}
