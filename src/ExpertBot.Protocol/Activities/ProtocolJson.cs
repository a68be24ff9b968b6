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
            // Non-ASCII text goes out as itself, not as \uXXXX escapes: the default encoder escapes every non-ASCII
            // character, which made a card of Chinese or emoji text three to six times larger than its text (past Teams'
            // message size limit).
            Encoder = JsonTextEncoder.Instance,
            // Compiled serializers for the wire types (every reply, send and stored turn goes through them); reflection
            // for anything else a caller passes.
            TypeInfoResolver = System.Text.Json.Serialization.Metadata.JsonTypeInfoResolver.Combine(
                ProtocolJsonContext.Default, new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver()),
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>
    /// Parses an activity; a body that is not a JSON object with a string "type", or not valid UTF-8 JSON, is rejected with a
    /// short reason that names the JSON path but no type of ours (the reason goes back to whoever sent the body).
    /// </summary>
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
            error = activity is null ? "The body must be a JSON object." : null;
            return error is null;
        }
        catch (JsonException ex)
        {
            error = ex.Path is { Length: > 1 } path
                ? $"The activity has a value of the wrong type or shape at {path}."
                : $"The body is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}).";
            return false;
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or System.Text.DecoderFallbackException)
        {
            // Text that is not Unicode: a lone surrogate escaped in JSON ("\udfff"), or its raw bytes (ED BF BF), which
            // System.Text.Json refuses only when a string is read, as InvalidOperationException or ArgumentException.
            error = "The activity holds text that is not valid Unicode (a lone surrogate or invalid UTF-8).";
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
