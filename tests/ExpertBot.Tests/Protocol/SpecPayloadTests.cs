using System.Text.Json;
using System.Text.Json.Nodes;
using ExpertBot.Protocol.Activities;

namespace ExpertBot.Tests.Protocol;

public sealed class SpecPayloadTests
{
    public static IEnumerable<object[]> ActivityPayloads()
    {
        var root = SharedFolder.Path ?? throw new InvalidOperationException("CI=true but ../shared is missing");
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "specs"), "*.json*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (file.Contains("INVALIDJSON", StringComparison.Ordinal) || !(file.EndsWith(".json", StringComparison.Ordinal) || file.EndsWith(".json.txt", StringComparison.Ordinal)))
            {
                continue;
            }
            JsonNode? node;
            try
            {
                node = JsonNode.Parse(File.ReadAllText(file));
            }
            catch (JsonException)
            {
                continue; // Not a JSON document (e.g. an .http capture); other tests cover those.
            }
            if (node is JsonObject obj && obj["type"] is JsonValue type && type.TryGetValue<string>(out var t) && !t.Contains('.', StringComparison.Ordinal)
                && t != "AdaptiveCard" && (obj.ContainsKey("conversation") || obj.ContainsKey("from") || obj.ContainsKey("channelId")))
            {
                yield return [Path.GetRelativePath(root, file)];
            }
        }
    }

    [SharedTheory]
    [MemberData(nameof(ActivityPayloads))]
    public void Activity_round_trips_without_losing_a_field(string relativePath)
    {
        var original = JsonNode.Parse(File.ReadAllText(Path.Combine(SharedFolder.Path!, relativePath)))!;

        Assert.True(ProtocolJson.TryParse(JsonSerializer.SerializeToUtf8Bytes(original), out var activity, out var error), error);
        var roundTripped = JsonSerializer.SerializeToNode(activity, ProtocolJson.Options)!;

        // Explicit nulls are the only thing not re-emitted (absent and null mean the same on the wire).
        var expected = WithoutNulls(original);
        var actual = WithoutNulls(roundTripped);
        Assert.True(JsonNode.DeepEquals(expected, actual), $"Round trip changed the payload:\n{expected}\n---\n{actual}");
        Assert.False(string.IsNullOrEmpty(activity!.Type));
    }

    [SharedTheory]
    [InlineData("teams.net/extracted-from-HEAD-test-Microsoft.Teams.Apps.UnitTests-TeamsActivityTests.cs/real_message_channel_thread_reply_with_mention.json")]
    public void Real_channel_thread_reply_exposes_thread_mentions_and_tenant(string relativePath)
    {
        var path = Directory.EnumerateFiles(Path.Combine(SharedFolder.Path!, "specs"), Path.GetFileName(relativePath), SearchOption.AllDirectories).Single();
        var raw = JsonNode.Parse(File.ReadAllText(path))!;
        Assert.True(ProtocolJson.TryParse(File.ReadAllBytes(path), out var activity, out _));

        var conversationId = raw["conversation"]!["id"]!.GetValue<string>();
        Assert.Equal(conversationId[(conversationId.IndexOf(";messageid=", StringComparison.Ordinal) + 11)..], activity!.ThreadRootId);
        Assert.Equal("channel", activity.Conversation!.ConversationType);
        Assert.NotEmpty(activity.Mentions);
        Assert.Equal(raw["conversation"]!["tenantId"]?.GetValue<string>() ?? raw["channelData"]!["tenant"]!["id"]!.GetValue<string>(), activity.TenantId);
    }

    private static JsonNode? WithoutNulls(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    if (value is not null)
                    {
                        copy[key] = WithoutNulls(value);
                    }
                }
                return copy;
            case JsonArray array:
                return new JsonArray(array.Select(WithoutNulls).ToArray());
            default:
                return node?.DeepClone();
        }
    }
}
