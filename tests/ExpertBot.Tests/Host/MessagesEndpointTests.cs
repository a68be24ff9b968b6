using System.Net;
using System.Text;
using ExpertBot.Tests.Connector;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ExpertBot.Tests.Host;

public sealed class MessagesEndpointTests(BotApp factory) : IClassFixture<BotApp>, IAsyncLifetime
{
    private readonly FakeBotConnector _connector = new();
    private readonly HttpClient _client = factory.CreateClient();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _connector.DisposeAsync();

    private string Message(string id, string text, string conversation = "a:personal-1") => $$"""
        {"type":"message","id":"{{id}}","channelId":"msteams","serviceUrl":"{{_connector.ServiceUrl}}",
         "from":{"id":"29:agent","aadObjectId":"00000000-0000-0000-0000-000000000001"},
         "recipient":{"id":"28:bot"},"conversation":{"id":"{{conversation}}","conversationType":"personal"},
         "text":"{{text}}"}
        """;

    private Task<HttpResponseMessage> PostAsync(string body) =>
        _client.PostAsync("/api/messages", new StringContent(body, Encoding.UTF8, "application/json"));

    [Fact]
    public async Task Health_answers_ok()
    {
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/readyz")).StatusCode);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("{\"text\":\"no type\"}")]
    [InlineData("[1,2]")]
    public async Task Malformed_activity_is_400(string body) =>
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(body)).StatusCode);

    [Fact]
    public async Task Oversized_body_is_413()
    {
        var huge = Message("big", new string('x', 300 * 1024));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await PostAsync(huge)).StatusCode);
    }

    [Fact]
    public async Task Message_gets_a_reply_in_the_same_conversation()
    {
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(Message("m-1", "How do I reset SSO for Contoso?"))).StatusCode);

        var (path, body) = await _connector.NextAsync();
        Assert.Equal("/v3/conversations/a%3Apersonal-1/activities/m-1", path);
        // A question is answered with a card about it (knowledge suggestion or the question's status).
        Assert.Contains("How do I reset SSO for Contoso?", body["attachments"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("29:agent", body["recipient"]!["id"]!.GetValue<string>());
        Assert.Equal("m-1", body["replyToId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Help_replies_with_the_help_card()
    {
        await PostAsync(Message("h-1", "help"));

        var (_, body) = await _connector.NextAsync();
        var attachment = body["attachments"]![0]!;
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment["contentType"]!.GetValue<string>());
        Assert.Equal("1.5", attachment["content"]!["version"]!.GetValue<string>());
    }

    [Fact]
    public async Task Redelivered_activity_is_handled_once()
    {
        await PostAsync(Message("d-1", "first delivery"));
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(Message("d-1", "redelivered"))).StatusCode);
        await PostAsync(Message("d-2", "next question"));

        // Turns run in arrival order, so a handled redelivery would show up before d-2's reply.
        Assert.Contains("first delivery", (await _connector.NextAsync()).Body!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("next question", (await _connector.NextAsync()).Body!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Channel_mention_of_the_bot_is_stripped_before_reading_the_question()
    {
        var body = $$"""
            {"type":"message","id":"c-1","channelId":"msteams","serviceUrl":"{{_connector.ServiceUrl}}",
             "from":{"id":"29:agent"},"recipient":{"id":"28:bot","name":"ExpertBot"},
             "conversation":{"id":"19:x@thread.tacv2;messageid=77","conversationType":"channel"},
             "text":"<at>ExpertBot</at> help",
             "entities":[{"type":"mention","mentioned":{"id":"28:bot"},"text":"<at>ExpertBot</at>"}]}
            """;
        await PostAsync(body);

        var (path, reply) = await _connector.NextAsync();
        Assert.StartsWith("/v3/conversations/19%3Ax%40thread.tacv2%3Bmessageid%3D77/activities/", path, StringComparison.Ordinal);
        Assert.NotNull(reply["attachments"]); // "help" was recognised once the mention was removed.
    }

    [Fact]
    public async Task Bot_added_to_a_conversation_sends_the_welcome_card()
    {
        var body = $$"""
            {"type":"conversationUpdate","id":"u-1","channelId":"msteams","serviceUrl":"{{_connector.ServiceUrl}}",
             "from":{"id":"29:agent"},"recipient":{"id":"28:bot"},
             "conversation":{"id":"a:welcome-1","conversationType":"personal"},
             "membersAdded":[{"id":"28:bot"}]}
            """;
        await PostAsync(body);

        var (_, reply) = await _connector.NextAsync();
        Assert.Contains("Welcome", reply["attachments"]![0]!["content"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_activity_types_are_accepted_and_ignored() =>
        Assert.Equal(HttpStatusCode.OK, (await PostAsync("""{"type":"somethingNew","id":"x-1","futureField":{"a":1}}""")).StatusCode);
}

public sealed class InvokeEndpointTests(BotApp factory) : IClassFixture<BotApp>
{
    private async Task<(HttpStatusCode Status, System.Text.Json.Nodes.JsonNode? Body)> InvokeAsync(string name, string value)
    {
        var json = $$"""{"type":"invoke","id":"i-{{Guid.NewGuid():N}}","name":"{{name}}","channelId":"msteams","serviceUrl":"https://smba.trafficmanager.net/amer/","from":{"id":"29:agent"},"recipient":{"id":"28:bot"},"conversation":{"id":"a:1"},"value":{{value}}}""";
        using var response = await factory.CreateClient().PostAsync("/api/messages", new StringContent(json, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : System.Text.Json.Nodes.JsonNode.Parse(text));
    }

    [Fact]
    public async Task Card_action_is_answered_in_the_response_body_with_the_new_card()
    {
        var (status, body) = await InvokeAsync("adaptiveCard/action", """{"action":{"type":"Action.Execute","verb":"showHelp"}}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(200, body!["statusCode"]!.GetValue<int>());
        Assert.Equal("application/vnd.microsoft.card.adaptive", body["type"]!.GetValue<string>());
        Assert.Contains("What ExpertBot can do", body["value"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_verb_is_refused_with_an_error_response()
    {
        var (_, body) = await InvokeAsync("adaptiveCard/action", """{"action":{"type":"Action.Execute","verb":"dropTables"}}""");

        Assert.Equal(400, body!["statusCode"]!.GetValue<int>());
        Assert.Equal("application/vnd.microsoft.error", body["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unhandled_invoke_is_refused_with_400_not_a_server_error() =>
        Assert.Equal(HttpStatusCode.BadRequest, (await InvokeAsync("composeExtension/query", "{}")).Status);
}
