using System.Collections.Concurrent;
using ExpertBot.Protocol.Activities;
using ExpertBot.Protocol.Connector;

namespace ExpertBot.Teams;

/// <summary>
/// The 1:1 chats the bot opened with people, remembered in memory: Teams answers "create the 1:1 chat with this user"
/// with the same conversation every time, so asking again for every invitation was a round trip (and a third of an
/// invitation's sends) that could only repeat the last answer. A send that fails forgets the chat, so the job's retry
/// opens it again (the user may have removed the bot meanwhile). Bounded: past <see cref="Capacity"/> chats it starts over.
/// </summary>
internal sealed class PersonalChats(BotConnectorClient connector)
{
    public const int Capacity = 50_000;

    private readonly ConcurrentDictionary<(string ServiceUrl, string Tenant, string? Bot, string User), string> _chats = new();

    /// <summary>Sends <paramref name="activity"/> to the user's 1:1 chat with the bot, opening it when not known yet.</summary>
    /// <returns>The chat it went to and the connector's answer (the sent message's id); an empty chat id when none was opened.</returns>
    public async Task<(string Conversation, ResourceResponse Sent)> SendAsync(string serviceUrl, string? botId, string userId, string tenantId, Activity activity, CancellationToken ct)
    {
        var key = (serviceUrl, tenantId, botId, userId.ToLowerInvariant());
        if (!_chats.TryGetValue(key, out var conversation))
        {
            var created = await connector.CreatePersonalConversationAsync(serviceUrl, new ChannelAccount { Id = botId },
                new ChannelAccount { Id = userId, AadObjectId = Guid.TryParse(userId, out _) ? userId : null }, tenantId, ct);
            if (created.Id is not { } id)
            {
                return ("", ResourceResponse.Empty); // The connector opened no chat: nothing to send to (as before this cache).
            }
            conversation = id;
            if (_chats.Count >= Capacity)
            {
                _chats.Clear();
            }
            _chats[key] = conversation;
        }
        try
        {
            return (conversation, await connector.SendToConversationAsync(serviceUrl, conversation, activity, ct));
        }
        catch
        {
            _chats.TryRemove(key, out _);
            throw;
        }
    }

    /// <summary>
    /// Sends to a stored conversation reference: the conversation itself, or, for a reference naming only a user (an empty
    /// conversation id), that user's 1:1 chat with the bot.
    /// </summary>
    public async Task SendToAsync(ConversationRef chat, Activity activity, CancellationToken ct)
    {
        if (chat.ConversationId.Length == 0 && chat.UserId is { Length: > 0 } user)
        {
            await SendAsync(chat.ServiceUrl, chat.BotId, user, chat.TenantId ?? string.Empty, activity, ct);
        }
        else
        {
            await connector.SendToConversationAsync(chat.ServiceUrl, chat.ConversationId, activity, ct);
        }
    }
}
