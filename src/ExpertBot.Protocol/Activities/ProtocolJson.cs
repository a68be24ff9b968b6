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
