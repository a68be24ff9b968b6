using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace ExpertBot.Tests.Host;

/// <summary>Question actions through the real host: the message action, and card data that lies about the question.</summary>
public sealed class QuestionActionTests : IClassFixture<BotApp>, IAsyncDisposable
{
    private readonly FakeConnector _connector = new();
    private readonly HttpClient _client;

    public QuestionActionTests(BotApp factory) => _client = factory.CreateClient();

    private async Task<JsonNode> InvokeAsync(string name, string from, string value)
    {
        var json = $$"""
            {"type":"invoke","id":"i-{{Guid.NewGuid():N}}","name":"{{name}}","channelId":"msteams","serviceUrl":"{{_connector.BaseUrl}}",
             "from":{"id":"29:{{from}}","aadObjectId":"{{from}}","name":"{{from}}"},"recipient":{"id":"28:bot"},
             "conversation":{"id":"a:chat-{{from}}","conversationType":"personal","tenantId":"t1"},"value":{{value}}}
            """;
        using var response = await _client.PostAsync("/api/messages", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    [Fact]
    public async Task Ask_experts_about_this_message_starts_a_question_from_the_chosen_message()
    {
        var token = Guid.NewGuid().ToString("N")[..8];
        var answer = await InvokeAsync("composeExtension/submitAction", "agent-1", """
            {"commandId":"askExperts","commandContext":"message","data":{"question":"Why is the invoice VAT wrong after relocation TOKEN?","case":"CAS-10423"},
             "messagePayload":{"body":{"contentType":"html","content":"<p>Customer says the <b>VAT</b> is still the old country's</p>"}}}
            """.Replace("TOKEN", token, StringComparison.Ordinal));

        Assert.StartsWith("Asked: Q-", answer["composeExtension"]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        var (path, card) = await _connector.NextAsync();
        Assert.Equal("/v3/conversations/a%3Achat-agent-1/activities", path);
        Assert.Contains(token, card.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Card_data_pointing_at_someone_elses_question_changes_nothing()
    {
        var token = Guid.NewGuid().ToString("N")[..8];
        await InvokeAsync("composeExtension/submitAction", "agent-2", """{"data":{"question":"Owned by agent 2 TOKEN?"}}""".Replace("TOKEN", token, StringComparison.Ordinal));
        var (_, card) = await _connector.NextAsync();
        var questionId = FindQuestionId(card) ?? throw new Xunit.Sdk.XunitException($"No question id in {card.ToJsonString()}");

        // Another user replays the card's data with a verb only the asker may use.
        var tampered = await InvokeAsync("adaptiveCard/action", "intruder", """
            {"action":{"type":"Action.Execute","verb":"cancelQuestion","data":{"questionId":"QID","reason":"gone"}}}
            """.Replace("QID", questionId, StringComparison.Ordinal));
        var garbage = await InvokeAsync("adaptiveCard/action", "intruder", """
            {"action":{"type":"Action.Execute","verb":"cancelQuestion","data":{"questionId":"not-a-number"}}}
            """);

        Assert.Contains("Only the asker can do that", tampered.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("This card is damaged", garbage.ToJsonString(), StringComparison.Ordinal);
        var stillOpen = await InvokeAsync("adaptiveCard/action", "agent-2", """
            {"action":{"type":"Action.Execute","verb":"cancelQuestion","data":{"questionId":"QID","reason":"solved elsewhere"}}}
            """.Replace("QID", questionId, StringComparison.Ordinal));
        Assert.Contains("Cancelled", stillOpen.ToJsonString(), StringComparison.Ordinal);
    }

    private static string? FindQuestionId(JsonNode? node) => node switch
    {
        JsonObject o when o["questionId"] is JsonValue v => v.ToString(),
        JsonObject o => o.Select(p => FindQuestionId(p.Value)).FirstOrDefault(id => id is not null),
        JsonArray a => a.Select(FindQuestionId).FirstOrDefault(id => id is not null),
        _ => null,
    };

    public async ValueTask DisposeAsync() => await _connector.DisposeAsync();
}
