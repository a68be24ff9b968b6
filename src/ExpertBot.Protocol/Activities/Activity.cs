using System.Text.Json;
using System.Text.Json.Serialization;

namespace ExpertBot.Protocol.Activities;

/// <summary>
/// A Bot Framework activity (botframework-activity.md). Only the fields the bot reads are
/// modelled; everything else lands in <see cref="Extra"/> so a parse/serialize round trip
/// loses nothing (A2001: receivers must ignore, but relays must preserve, unknown fields).
/// </summary>
public sealed class Activity
{
    public string? Type { get; set; }
    public string? Id { get; set; }
    public string? Timestamp { get; set; }
    public string? LocalTimestamp { get; set; }
    public string? ServiceUrl { get; set; }
    public string? ChannelId { get; set; }
    public ChannelAccount? From { get; set; }
    public ConversationAccount? Conversation { get; set; }
    public ChannelAccount? Recipient { get; set; }
    public string? TextFormat { get; set; }
    public string? Text { get; set; }
    public string? Summary { get; set; }
    public string? Locale { get; set; }
    public string? ReplyToId { get; set; }
    public string? Name { get; set; }
    public string? Action { get; set; }
    public List<Attachment>? Attachments { get; set; }
    public List<Entity>? Entities { get; set; }
    public List<ChannelAccount>? MembersAdded { get; set; }
    public List<ChannelAccount>? MembersRemoved { get; set; }
    public TeamsChannelData? ChannelData { get; set; }
    public JsonElement? Value { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    /// <summary>The mentions carried in <see cref="Entities"/>.</summary>
    [JsonIgnore]
    public IEnumerable<Entity> Mentions =>
        Entities?.Where(e => string.Equals(e.Type, EntityTypes.Mention, StringComparison.Ordinal)) ?? [];

    /// <summary>The root message id of a channel thread (<c>conversation.id = "…;messageid=N"</c>).</summary>
    [JsonIgnore]
    public string? ThreadRootId => ConversationIds.ThreadRootId(Conversation?.Id);

    /// <summary>Teams' tenant id: conversation.tenantId first, channelData.tenant.id otherwise.</summary>
    [JsonIgnore]
    public string? TenantId => Conversation?.TenantId ?? ChannelData?.Tenant?.Id;

    /// <summary>Text with the given recipient's own @mentions removed and whitespace trimmed.</summary>
    public string TextWithoutMentionOf(string? recipientId)
    {
        var text = Text ?? string.Empty;
        if (recipientId is null)
        {
            return text.Trim();
        }
        foreach (var mention in Mentions)
        {
            if (mention.Mentioned?.Id == recipientId && !string.IsNullOrEmpty(mention.Text))
            {
                text = text.Replace(mention.Text, string.Empty, StringComparison.Ordinal);
            }
        }
        return text.Trim();
    }
}
