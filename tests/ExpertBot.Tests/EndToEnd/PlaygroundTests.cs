using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace ExpertBot.Tests.EndToEnd;

/// <summary>The bot driven through the Agents Playground as the Teams user (its HTTP + WebSocket API).</summary>
public sealed class PlaygroundTests(PlaygroundFixture playground) : IClassFixture<PlaygroundFixture>
{
    private const string PersonalChat = "personal-chat-alex";
    private const string BotId = "3f8b2c1d-4e5a-4b6c-8d7e-9f0a1b2c3d4e";

    [PlaygroundFact]
    public async Task Personal_chat_message_gets_a_reply()
    {
        using var stream = await ConnectAsync();
        var question = $"How do I reset SSO for Contoso {Guid.NewGuid():N}?";

        await SendAsync(PersonalChat, new JsonObject { ["type"] = "text", ["text"] = question, ["textFormat"] = "plain", ["from"] = new JsonObject { ["id"] = "user-id-0" } });

        // The answer is a card about the question: a knowledge suggestion or the question's status.
        var reply = await NextBotMessageAsync(stream, m => m["message"]?["attachments"]?.ToJsonString().Contains(question, StringComparison.Ordinal) == true);
        Assert.Equal("createMessage", reply["action"]!.GetValue<string>());
    }

    [PlaygroundFact]
    public async Task Channel_mention_help_replies_in_the_thread_with_the_help_card()
    {
        using var stream = await ConnectAsync();
        var text = "<at>ExpertBot</at> help";
        var body = new JsonObject
        {
            ["type"] = "text", ["text"] = text, ["textFormat"] = "plain", ["from"] = new JsonObject { ["id"] = "user-id-1" },
            ["mentions"] = new JsonArray(new JsonObject { ["mentioned"] = new JsonObject { ["id"] = BotId }, ["text"] = "<at>ExpertBot</at>" }),
        };

        await SendAsync("channel-identity-experts", body);

        var reply = await NextBotMessageAsync(stream, m => m["message"]?["attachments"]?.ToJsonString().Contains("What ExpertBot can do", StringComparison.Ordinal) == true && m["actionConversationId"]?.ToString().Contains("channel-identity-experts", StringComparison.Ordinal) == true);
        Assert.Contains("What ExpertBot can do", reply.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("channel-identity-experts", reply["actionConversationId"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [PlaygroundFact]
    public async Task Card_action_execute_round_trip_returns_the_updated_card()
    {
        // The action is taken on a real card the bot posted: the help card in personal chat.
        using var stream = await ConnectAsync();
        await SendAsync(PersonalChat, new JsonObject { ["type"] = "text", ["text"] = "help", ["textFormat"] = "plain", ["from"] = new JsonObject { ["id"] = "user-id-0" } });
        var card = await NextBotMessageAsync(stream, m => m["message"]?["attachments"]?.ToJsonString().Contains("What ExpertBot can do", StringComparison.Ordinal) == true && m["actionConversationId"]?.ToString() == PersonalChat);
        var cardMessageId = card["message"]!["messageId"]!.ToString();

        using var http = new HttpClient { BaseAddress = playground.PlaygroundUrl };
        var invoke = new JsonObject
        {
            ["replyToId"] = cardMessageId,
            ["name"] = "adaptiveCard/action",
            ["value"] = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = "showHelp" } },
            ["from"] = new JsonObject { ["id"] = "user-id-0" },
            ["conversation"] = new JsonObject { ["id"] = PersonalChat },
        };

        using var response = await http.PostAsJsonAsync("_conversation/v1/invoke", invoke);
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(response.IsSuccessStatusCode, text);
        Assert.Contains("What ExpertBot can do", text, StringComparison.Ordinal);
    }

    [PlaygroundFact]
    public async Task Action_submit_fallback_is_handled_as_a_message_and_answered_with_help()
    {
        using var stream = await ConnectAsync();
        await SendAsync(PersonalChat, new JsonObject { ["type"] = "text", ["text"] = "help", ["textFormat"] = "plain", ["from"] = new JsonObject { ["id"] = "user-id-0" } });
        var card = await NextBotMessageAsync(stream, m => m["message"]?["attachments"]?.ToJsonString().Contains("What ExpertBot can do", StringComparison.Ordinal) == true && m["actionConversationId"]?.ToString() == PersonalChat);

        using var http = new HttpClient { BaseAddress = playground.PlaygroundUrl };
        var submit = new JsonObject
        {
            ["conversation"] = new JsonObject { ["id"] = PersonalChat },
            ["replyToId"] = card["message"]!["messageId"]!.ToString(),
            ["value"] = new JsonObject { ["verb"] = "showHelp" },
            ["from"] = new JsonObject { ["id"] = "user-id-0" },
        };
        using var response = await http.PostAsJsonAsync("_conversation/v1/submit", submit);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());

        var reply = await NextBotMessageAsync(stream, m => m["message"]?["attachments"] is JsonArray { Count: > 0 }
            && m["message"]!["messageId"]!.ToString() != card["message"]!["messageId"]!.ToString());
        Assert.Contains("What ExpertBot can do", reply.ToJsonString(), StringComparison.Ordinal);
    }

    [PlaygroundFact]
    public async Task Installing_the_app_in_the_personal_chat_sends_the_welcome_card()
    {
        using var stream = await ConnectAsync();
        using var http = new HttpClient { BaseAddress = playground.PlaygroundUrl };

        // The Playground's install: an installationUpdate and a conversationUpdate adding the bot, as Teams sends them.
        using var response = await http.PostAsync($"_debug/conversation/{PersonalChat}/installation", content: null);
        response.EnsureSuccessStatusCode();

        var welcome = await NextBotMessageAsync(stream, m => m["message"]?["attachments"]?.ToJsonString().Contains("Welcome to ExpertBot", StringComparison.Ordinal) == true);
        Assert.Equal(PersonalChat, welcome["actionConversationId"]!.GetValue<string>());
        Assert.Contains("Type **help**", welcome.ToJsonString(), StringComparison.Ordinal);

        // Both install activities arrive, but the user is welcomed once: a chat's turns run in order, so a second
        // welcome would come before the answer to the next message.
        await SendAsync(PersonalChat, new JsonObject { ["type"] = "text", ["text"] = "help", ["textFormat"] = "plain", ["from"] = new JsonObject { ["id"] = "user-id-0" } });
        var next = await NextBotMessageAsync(stream, m => m["actionConversationId"]?.ToString() == PersonalChat && m["action"]?.ToString() == "createMessage");
        Assert.DoesNotContain("Welcome to ExpertBot", next.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("What ExpertBot can do", next.ToJsonString(), StringComparison.Ordinal);
    }

    private async Task SendAsync(string conversationId, JsonObject message)
    {
        using var http = new HttpClient { BaseAddress = playground.PlaygroundUrl };
        using var response = await http.PostAsJsonAsync($"_conversation/v1/conversations/{Uri.EscapeDataString(conversationId)}/messages", message);
        response.EnsureSuccessStatusCode();
    }

    private Task<ClientWebSocket> ConnectAsync() => PlaygroundDriver.OpenStreamAsync(playground.PlaygroundUrl);

    /// <summary>Reads the stream until a message from the bot matches (bounded by a time-out, not a sleep).</summary>
    private static async Task<JsonNode> NextBotMessageAsync(ClientWebSocket socket, Func<JsonNode, bool> match)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        return await PlaygroundDriver.ReadUntilAsync(socket, match, timeout.Token);
    }
}
