using System.Text.Json;
using System.Text.Json.Serialization;

namespace ExpertBot.Protocol.Activities;

/// <summary>The msteams channelData fields the bot reads (tenant, team, channel, notification).</summary>
public sealed class TeamsChannelData
{
    public IdAndName? Tenant { get; set; }
    public IdAndName? Team { get; set; }
    public IdAndName? Channel { get; set; }
    public string? EventType { get; set; }
    public TeamsNotification? Notification { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

public sealed class IdAndName
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? AadGroupId { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

public sealed class TeamsNotification
{
    public bool? Alert { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
