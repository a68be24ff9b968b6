using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace ExpertBot.Tests.EndToEnd;

/// <summary>
/// Plays Teams users against the Agents Playground through its own HTTP + WebSocket API: post as any configured user,
/// click card actions (invokes), and watch what the bot posts (the stream). Waits are bounded by time-outs, never sleeps.
/// </summary>
internal sealed class PlaygroundDriver(Uri playground) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = playground };
    private readonly ClientWebSocket _stream = new();
    private readonly List<JsonNode> _seen = [];

    public static async Task<PlaygroundDriver> ConnectAsync(Uri playground)
    {
        var driver = new PlaygroundDriver(playground);
        await driver._stream.ConnectAsync(StreamUri(playground), CancellationToken.None);
        return driver;
    }

    /// <summary>The Playground's stream of what the bot posts and updates.</summary>
    public static async Task<ClientWebSocket> OpenStreamAsync(Uri playground)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(StreamUri(playground), CancellationToken.None);
        return socket;
    }

    /// <summary>Reads the stream until an event matches, bounded by <paramref name="timeout"/> (never a sleep).</summary>
    public static async Task<JsonNode> ReadUntilAsync(ClientWebSocket socket, Func<JsonNode, bool> match, CancellationToken timeout)
    {
        var buffer = new byte[256 * 1024];
        while (true)
        {
            if (await ReadEventAsync(socket, buffer, timeout) is { } node && match(node))
            {
                return node;
            }
        }
    }

    /// <summary>One whole stream event (a frame may arrive in pieces) as JSON.</summary>
    private static async Task<JsonNode?> ReadEventAsync(ClientWebSocket socket, byte[] buffer, CancellationToken ct)
    {
        using var frame = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, ct);
            frame.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);
        return JsonNode.Parse(Encoding.UTF8.GetString(frame.ToArray()));
    }

    private static Uri StreamUri(Uri playground) => new($"ws://{playground.Authority}/_ws_conversation/v1/conversations/stream");

    /// <summary>A user posts a message; returns the Playground's answer (messageId, postConversationId for a new thread).</summary>
    public async Task<JsonNode> SayAsync(string conversationId, string userId, string text, JsonArray? mentions = null)
    {
        var body = new JsonObject { ["type"] = "text", ["text"] = text, ["textFormat"] = "plain", ["from"] = new JsonObject { ["id"] = userId } };
        if (mentions is not null)
        {
            body["mentions"] = mentions;
        }
        using var response = await _http.PostAsJsonAsync($"_conversation/v1/conversations/{Uri.EscapeDataString(conversationId)}/messages", body);
        var answer = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, answer);
        return JsonNode.Parse(answer) ?? new JsonObject();
    }

    /// <summary>
    /// Sends a raw activity to the bot through the Playground (its custom-activity injection), e.g. a message as a user
    /// other than the Playground's current one, which its chat API does not allow.
    /// </summary>
    public async Task InjectAsync(JsonObject activity)
    {
        activity["serviceUrl"] ??= new Uri(playground, "_connector").ToString().TrimEnd('/');
        activity["channelId"] ??= "msteams";
        activity["id"] ??= Guid.NewGuid().ToString("N");
        activity["timestamp"] ??= DateTimeOffset.UtcNow.ToString("O");
        using var response = await _http.PostAsJsonAsync("_internal/v1/customActivities", activity);
        var answer = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, answer);
    }

    /// <summary>A user clicks an Action.Execute on the card in <paramref name="messageId"/>; returns the bot's invoke response.</summary>
    public async Task<JsonNode> ExecuteAsync(string conversationId, string messageId, string userId, string verb, JsonObject data)
    {
        var invoke = new JsonObject
        {
            ["replyToId"] = messageId,
            ["name"] = "adaptiveCard/action",
            ["value"] = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data } },
            ["from"] = new JsonObject { ["id"] = userId },
            ["conversation"] = new JsonObject { ["id"] = conversationId },
        };
        using var response = await _http.PostAsJsonAsync("_conversation/v1/invoke", invoke);
        var answer = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, answer);
        return JsonNode.Parse(answer) ?? new JsonObject();
    }

    /// <summary><paramref name="user"/> clicks an Action.Execute (the Playground's invoke endpoint acts as any configured user).</summary>
    public Task<JsonNode> ExecuteAsync(string conversationId, string messageId, TeamsUser user, string verb, JsonObject data) =>
        ExecuteAsync(conversationId, messageId, user.Id, verb, data);

    /// <summary>
    /// <paramref name="user"/> writes in a channel conversation (a thread, or a new post) as Teams delivers it to the bot:
    /// injected, because the Playground's chat API posts only as its current user.
    /// </summary>
    public Task InjectChannelMessageAsync(TeamsUser user, string conversationId, string channelId, string text, bool mentionBot = false)
    {
        var activity = new JsonObject
        {
            ["type"] = "message",
            ["from"] = new JsonObject { ["id"] = user.Id, ["name"] = user.Name, ["aadObjectId"] = user.AadObjectId },
            ["recipient"] = new JsonObject { ["id"] = Contoso.BotId, ["name"] = "ExpertBot" },
            ["conversation"] = new JsonObject { ["id"] = conversationId, ["conversationType"] = "channel", ["isGroup"] = true, ["tenantId"] = Contoso.Tenant },
            ["channelData"] = new JsonObject
            {
                ["tenant"] = new JsonObject { ["id"] = Contoso.Tenant },
                ["team"] = new JsonObject { ["id"] = Contoso.General },
                ["channel"] = new JsonObject { ["id"] = channelId },
            },
            ["text"] = mentionBot ? $"<at>ExpertBot</at> {text}" : text,
            ["textFormat"] = "plain",
        };
        if (mentionBot)
        {
            activity["entities"] = new JsonArray(new JsonObject
            {
                ["type"] = "mention",
                ["mentioned"] = new JsonObject { ["id"] = Contoso.BotId, ["name"] = "ExpertBot" },
                ["text"] = "<at>ExpertBot</at>",
            });
        }
        return InjectAsync(activity);
    }

    /// <summary>Whether anything received but not yet taken by <see cref="NextAsync"/> matches (for "this did not happen").</summary>
    public IReadOnlyList<JsonNode> Received(Func<JsonNode, bool> match) => _seen.Where(match).ToArray();

    /// <summary>The next thing the bot posts or updates that matches (messages seen earlier count too).</summary>
    public async Task<JsonNode> NextAsync(Func<JsonNode, bool> match, TimeSpan? within = null)
    {
        if (_seen.FirstOrDefault(match) is { } already)
        {
            _seen.Remove(already);
            return already;
        }
        using var timeout = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(30));
        var buffer = new byte[256 * 1024];
        while (true)
        {
            JsonNode? node;
            try
            {
                node = await ReadEventAsync(_stream, buffer, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new Xunit.Sdk.XunitException(
                    $"The bot posted nothing matching in time. It posted: {string.Join("\n", _seen.Select(n => n.ToJsonString()[..Math.Min(600, n.ToJsonString().Length)]))}");
            }
            if (node is null)
            {
                continue;
            }
            if (match(node))
            {
                return node;
            }
            _seen.Add(node);
        }
    }

    /// <summary>The data of the first card action with this verb in a posted message (where the bot put the question id).</summary>
    public static JsonObject ActionData(JsonNode posted, string verb)
    {
        var found = Find(posted["message"]?["attachments"], verb) ?? throw new Xunit.Sdk.XunitException($"No '{verb}' action in {posted.ToJsonString()}");
        return (JsonObject)found["data"]!.DeepClone();
    }

    public static string Card(JsonNode posted) => posted["message"]?["attachments"]?.ToJsonString() ?? "";

    /// <summary>The plain text of a posted message (the Playground shows a message's text and its cards as two messages).</summary>
    public static string Text(JsonNode posted) => posted["message"]?["text"]?.GetValue<string>() ?? "";

    /// <summary>Whether a posted message's card contains <paramref name="text"/>.</summary>
    public static bool Has(JsonNode posted, string text) => Card(posted).Contains(text, StringComparison.Ordinal);

    public static string MessageId(JsonNode posted) => posted["message"]!["messageId"]!.ToString();

    /// <summary>Where it was posted: a chat, a channel, or a channel thread (<c>channel;messageid=root</c>).</summary>
    public static string Conversation(JsonNode posted) =>
        posted["message"]?["conversation"]?["id"]?.GetValue<string>() ?? posted["actionConversationId"]?.GetValue<string>() ?? "";

    public static bool IsUpdate(JsonNode posted) => posted["action"]?.GetValue<string>() == "updateMessage";

    /// <summary>The users a posted message @mentions (by the names in its &lt;at&gt; tags, checked against its mention entities).</summary>
    public static IReadOnlyList<TeamsUser> Mentioned(JsonNode posted)
    {
        var mentions = posted["message"]?["mentions"]?.AsArray() ?? [];
        return mentions.Select(m => m!["mentioned"]!)
            .Select(m => Contoso.ByName(m["name"]!.GetValue<string>()) is var user && user.AadObjectId == m["id"]!.GetValue<string>()
                ? user
                : throw new Xunit.Sdk.XunitException($"The mention {m.ToJsonString()} does not name a Contoso user by their Entra id."))
            .ToArray();
    }

    private static JsonNode? Find(JsonNode? node, string verb) => node switch
    {
        JsonObject o when o["verb"]?.GetValue<string>() == verb && o["type"]?.GetValue<string>() == "Action.Execute" => o,
        JsonObject o => o.Select(p => Find(p.Value, verb)).FirstOrDefault(f => f is not null),
        JsonArray a => a.Select(n => Find(n, verb)).FirstOrDefault(f => f is not null),
        JsonValue v when v.TryGetValue<string>(out var s) && s.TrimStart().StartsWith('{') => Find(JsonNode.Parse(s), verb),
        _ => null,
    };

    public void Dispose()
    {
        _stream.Dispose();
        _http.Dispose();
    }
}
