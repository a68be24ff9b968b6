namespace ExpertBot.Teams;

/// <summary>
/// Where to reach someone or something in Teams later (proactive sends): a stored conversation reference. An empty
/// <see cref="ConversationId"/> with a <see cref="UserId"/> means "a 1:1 chat with that user, created when needed".
/// </summary>
internal sealed record ConversationRef(string ServiceUrl, string ChannelId, string ConversationId, string? TenantId, string? BotId, string? UserId = null);

/// <summary>Who acts: always the authenticated sender of the activity, never card data.</summary>
internal sealed record Actor(string Id, string Name, ConversationRef Chat);
