using System.Text.Json;
using System.Text.Json.Serialization;
using ExpertBot.Protocol.Activities;

namespace ExpertBot.Protocol.Connector;

/// <summary>Body of POST v3/conversations (swagger ConversationParameters).</summary>
public sealed record ConversationParameters
{
    public bool? IsGroup { get; init; }
    public ChannelAccount? Bot { get; init; }
    public IReadOnlyList<ChannelAccount>? Members { get; init; }
    public string? TopicName { get; init; }
    public string? TenantId { get; init; }
    public Activity? Activity { get; init; }
    public TeamsChannelData? ChannelData { get; init; }
}

/// <summary>An id the connector gave to what we posted. Null when the channel answered without a body.</summary>
public sealed record ResourceResponse(string? Id)
{
    public static ResourceResponse Empty { get; } = new((string?)null);
}

/// <summary>A created conversation: its id and, when an activity was posted with it, that activity's id.</summary>
public sealed record ConversationResourceResponse(string? Id, string? ActivityId, string? ServiceUrl);

/// <summary>One page of members; no continuation token means the last page.</summary>
public sealed record PagedMembersResult(string? ContinuationToken, IReadOnlyList<TeamsChannelAccount>? Members);

/// <summary>A member as Teams describes it (ChannelAccount plus the Teams profile fields).</summary>
public sealed record TeamsChannelAccount
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public string? AadObjectId { get; init; }
    public string? GivenName { get; init; }
    public string? Surname { get; init; }
    public string? Email { get; init; }
    public string? UserPrincipalName { get; init; }
    public string? TenantId { get; init; }
    public string? UserRole { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}

/// <summary>GET v3/teams/{teamId}.</summary>
public sealed record TeamDetails
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public string? AadGroupId { get; init; }
    public int? ChannelCount { get; init; }
    public int? MemberCount { get; init; }
    public string? Type { get; init; }
    public string? TenantId { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}
