using System.Net;
using System.Text.Json;
using ExpertBot.Protocol.Activities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ExpertBot.Protocol.Connector;

/// <summary>
/// The Bot Connector REST API (v3/conversations, v3/teams) as Teams and the Agents Playground serve it.
/// Every call: SSRF check of the service URL first, then (per attempt) pacing for sends, the bot token
/// when auth is on, and retries with backoff on 429/412/502/504 and network failures.
/// </summary>
public sealed partial class BotConnectorClient(
    IHttpClientFactory httpClients,
    BotTokenProvider tokens,
    ConversationPacer pacer,
    IOptions<BotConnectorOptions> options,
    TimeProvider time,
    ILogger<BotConnectorClient> logger)
{
    public const string HttpClientName = "BotConnector";
    private const int MaxPages = 1000;
    private const int MaxDetailChars = 500;

    /// <summary>POST v3/conversations/{conversationId}/activities: a new message in the conversation.</summary>
    public async Task<ResourceResponse> SendToConversationAsync(string serviceUrl, string conversationId, Activity activity, CancellationToken ct)
    {
        var path = $"v3/conversations/{Segment(conversationId, nameof(conversationId))}/activities";
        return await SendAsync<ResourceResponse>("SendToConversation", HttpMethod.Post, serviceUrl, path, activity, conversationId, ct)
            ?? ResourceResponse.Empty;
    }

    /// <summary>POST v3/conversations/{conversationId}/activities/{activityId}: a reply (in a channel, in the thread).</summary>
    public async Task<ResourceResponse> ReplyToActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken ct)
    {
        var path = $"v3/conversations/{Segment(conversationId, nameof(conversationId))}/activities/{Segment(activityId, nameof(activityId))}";
        return await SendAsync<ResourceResponse>("ReplyToActivity", HttpMethod.Post, serviceUrl, path, activity, conversationId, ct)
            ?? ResourceResponse.Empty;
    }

    /// <summary>Replies to <paramref name="incoming"/>, addressing <paramref name="reply"/> back to its sender.</summary>
    public Task<ResourceResponse> ReplyToActivityAsync(Activity incoming, Activity reply, CancellationToken ct)
    {
        var conversationId = incoming.Conversation?.Id
            ?? throw new ArgumentException("The incoming activity has no conversation id.", nameof(incoming));
        reply.Type ??= ActivityTypes.Message;
        reply.ChannelId = incoming.ChannelId;
        reply.Conversation = incoming.Conversation;
        reply.From = incoming.Recipient;
        reply.Recipient = incoming.From;
        reply.ReplyToId = incoming.Id;
        reply.ServiceUrl = incoming.ServiceUrl;
        var serviceUrl = incoming.ServiceUrl ?? string.Empty;
        return string.IsNullOrEmpty(incoming.Id)
            ? SendToConversationAsync(serviceUrl, conversationId, reply, ct)
            : ReplyToActivityAsync(serviceUrl, conversationId, incoming.Id, reply, ct);
    }

    /// <summary>PUT v3/conversations/{conversationId}/activities/{activityId}: replaces a message the bot posted.</summary>
    public async Task<ResourceResponse> UpdateActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken ct)
    {
        var path = $"v3/conversations/{Segment(conversationId, nameof(conversationId))}/activities/{Segment(activityId, nameof(activityId))}";
        activity.Id ??= activityId;
        return await SendAsync<ResourceResponse>("UpdateActivity", HttpMethod.Put, serviceUrl, path, activity, conversationId, ct)
            ?? ResourceResponse.Empty;
    }

    /// <summary>DELETE v3/conversations/{conversationId}/activities/{activityId}.</summary>
    public async Task DeleteActivityAsync(string serviceUrl, string conversationId, string activityId, CancellationToken ct)
    {
        var path = $"v3/conversations/{Segment(conversationId, nameof(conversationId))}/activities/{Segment(activityId, nameof(activityId))}";
        await SendAsync<JsonElement?>("DeleteActivity", HttpMethod.Delete, serviceUrl, path, body: null, conversationId, ct);
    }

    /// <summary>POST v3/conversations with raw parameters.</summary>
    public async Task<ConversationResourceResponse> CreateConversationAsync(string serviceUrl, ConversationParameters parameters, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return await SendAsync<ConversationResourceResponse>("CreateConversation", HttpMethod.Post, serviceUrl, "v3/conversations", parameters, paceKey: null, ct)
            ?? new ConversationResourceResponse(null, null, null);
    }

    /// <summary>Opens (or finds) the 1:1 chat between the bot and a user, for a proactive message.</summary>
    public Task<ConversationResourceResponse> CreatePersonalConversationAsync(
        string serviceUrl, ChannelAccount bot, ChannelAccount user, string tenantId, CancellationToken ct)
    {
        Required(user?.Id, nameof(user));
        Required(tenantId, nameof(tenantId));
        return CreateConversationAsync(serviceUrl, new ConversationParameters
        {
            IsGroup = false,
            Bot = bot,
            Members = [user!],
            TenantId = tenantId,
            ChannelData = new TeamsChannelData { Tenant = new IdAndName { Id = tenantId } },
        }, ct);
    }

    /// <summary>Starts a new thread in a Teams channel with <paramref name="rootPost"/> as its first message.</summary>
    public Task<ConversationResourceResponse> CreateChannelThreadAsync(
        string serviceUrl, ChannelAccount bot, string channelId, string tenantId, Activity rootPost, CancellationToken ct)
    {
        Required(channelId, nameof(channelId));
        Required(tenantId, nameof(tenantId));
        ArgumentNullException.ThrowIfNull(rootPost);
        rootPost.Type ??= ActivityTypes.Message;
        return CreateConversationAsync(serviceUrl, new ConversationParameters
        {
            IsGroup = true,
            Bot = bot,
            TenantId = tenantId,
            Activity = rootPost,
            ChannelData = new TeamsChannelData { Channel = new IdAndName { Id = channelId }, Tenant = new IdAndName { Id = tenantId } },
        }, ct);
    }

    /// <summary>GET v3/conversations/{conversationId}/pagedmembers: one page.</summary>
    public async Task<PagedMembersResult> GetConversationPagedMembersAsync(
        string serviceUrl, string conversationId, int? pageSize, string? continuationToken, CancellationToken ct)
    {
        var query = new List<string>();
        if (pageSize is { } size)
        {
            query.Add($"pageSize={size.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        }
        if (!string.IsNullOrEmpty(continuationToken))
        {
            query.Add($"continuationToken={Uri.EscapeDataString(continuationToken)}");
        }
        var path = $"v3/conversations/{Segment(conversationId, nameof(conversationId))}/pagedmembers"
            + (query.Count > 0 ? "?" + string.Join('&', query) : string.Empty);
        return await SendAsync<PagedMembersResult>("GetConversationPagedMembers", HttpMethod.Get, serviceUrl, path, body: null, paceKey: null, ct)
            ?? new PagedMembersResult(null, []);
    }

    /// <summary>Every member of the conversation (or team), following continuation tokens until the last page.</summary>
    public async Task<IReadOnlyList<TeamsChannelAccount>> GetConversationMembersAsync(
        string serviceUrl, string conversationId, int? pageSize, CancellationToken ct)
    {
        var members = new List<TeamsChannelAccount>();
        string? token = null;
        for (var page = 0; page < MaxPages; page++)
        {
            var result = await GetConversationPagedMembersAsync(serviceUrl, conversationId, pageSize, token, ct);
            members.AddRange(result.Members ?? []);
            if (string.IsNullOrEmpty(result.ContinuationToken))
            {
                return members;
            }
            if (result.ContinuationToken == token)
            {
                throw new BotConnectorException("GetConversationPagedMembers", HttpStatusCode.OK, null,
                    "the connector returned the same continuation token twice.", 1);
            }
            token = result.ContinuationToken;
        }
        throw new BotConnectorException("GetConversationPagedMembers", HttpStatusCode.OK, null, $"more than {MaxPages} pages of members.", 1);
    }

    /// <summary>GET v3/conversations/{conversationId}/members/{memberId}.</summary>
    public async Task<TeamsChannelAccount> GetConversationMemberAsync(string serviceUrl, string conversationId, string memberId, CancellationToken ct)
    {
        var path = $"v3/conversations/{Segment(conversationId, nameof(conversationId))}/members/{Segment(memberId, nameof(memberId))}";
        return await SendAsync<TeamsChannelAccount>("GetConversationMember", HttpMethod.Get, serviceUrl, path, body: null, paceKey: null, ct)
            ?? throw new BotConnectorException("GetConversationMember", HttpStatusCode.OK, null, "the connector answered with no member.", 1);
    }

    /// <summary>GET v3/teams/{teamId}.</summary>
    public async Task<TeamDetails> GetTeamDetailsAsync(string serviceUrl, string teamId, CancellationToken ct)
    {
        var path = $"v3/teams/{Segment(teamId, nameof(teamId))}";
        return await SendAsync<TeamDetails>("GetTeamDetails", HttpMethod.Get, serviceUrl, path, body: null, paceKey: null, ct)
            ?? throw new BotConnectorException("GetTeamDetails", HttpStatusCode.OK, null, "the connector answered with no team.", 1);
    }

    private static string Segment(string? value, string name) => Uri.EscapeDataString(Required(value, name));

    private static string Required(string? value, string name) =>
        string.IsNullOrWhiteSpace(value) ? throw new ArgumentException($"{name} is required.", name) : value;
}
