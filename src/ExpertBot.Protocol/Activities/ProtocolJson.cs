using System.Text.Json;
using System.Text.Json.Serialization;

namespace ExpertBot.Protocol.Activities;

/// <summary>The one JSON shape of the wire: camelCase, nulls omitted (absent stays absent).</summary>
public static class ProtocolJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            // Compiled serializers for the wire types (every reply, send and stored turn goes through them); reflection
            // for anything else a caller passes.
            TypeInfoResolver = System.Text.Json.Serialization.Metadata.JsonTypeInfoResolver.Combine(
                ProtocolJsonContext.Default, new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver()),
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>Parses an activity; a body that is not a JSON object with a string "type" is rejected.</summary>
    public static bool TryParse(ReadOnlyMemory<byte> utf8, out Activity? activity, out string? error)
    {
        activity = null;
        try
        {
            using var doc = JsonDocument.Parse(utf8);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                error = "The body must be a JSON object.";
                return false;
            }
            if (!doc.RootElement.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String
                || string.IsNullOrWhiteSpace(type.GetString()))
            {
                error = "The activity has no \"type\".";
                return false;
            }
            activity = doc.RootElement.Deserialize<Activity>(Options);
            error = null;
            return activity is not null;
        }
        catch (JsonException ex)
        {
            error = $"Malformed activity JSON: {ex.Message}";
            return false;
        }
    }
}

/// <summary>
/// The hot wire types, with serializers generated at build time (the same settings as <see cref="ProtocolJson.Options"/>).
/// Not the team and member reads: their init-only extension data is something the generator cannot bind, and they are rare.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Activity))]
[JsonSerializable(typeof(ExpertBot.Protocol.Connector.ConversationParameters))]
[JsonSerializable(typeof(ExpertBot.Protocol.Connector.ResourceResponse))]
[JsonSerializable(typeof(ExpertBot.Protocol.Connector.ConversationResourceResponse))]
internal sealed partial class ProtocolJsonContext : JsonSerializerContext;
