using System.Collections.Concurrent;
using System.Net;
using System.Text;
using ExpertBot.Tests.Connector;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace ExpertBot.Tests.Host;

/// <summary>
/// Activities as Web Chat 4.18.1 + offline-directline 1.3.1 deliver them (captured from a real run):
/// channelId "emulator", no recipient, no timestamp, a random "r_" user id, and replies acknowledged
/// with 200 and an empty body instead of the Bot Connector's 201 {"id"}.
/// </summary>
public sealed class WebChatActivityTests : IClassFixture<BotApp>, IAsyncDisposable
{
    private readonly FakeBotConnector _directLine = new(defaultAnswer: new FakeAnswer(200));
    private readonly ErrorLog _errors = new();
    private readonly WebApplicationFactory<Program> _factory;
    private readonly HttpClient _client;

    public WebChatActivityTests(BotApp factory)
    {
        _factory = factory.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(_errors)));
        _client = _factory.CreateClient();
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _directLine.DisposeAsync();
    }

    private string WebChatMessage(string id, string conversation, string text) => $$"""
        {"attachments":[],"channelData":{"attachmentSizes":[],"clientActivityID":"zxlcm9hyknj"},
         "text":"{{text}}","textFormat":"plain","type":"message","channelId":"emulator",
         "from":{"id":"r_u681rcvymz","name":"","role":"user"},"locale":"en-US",
         "localTimestamp":"2026-11-23T16:56:15.409Z","localTimezone":"UTC",
         "entities":[{"requiresBotState":true,"supportsListening":true,"supportsTts":true,"type":"ClientCapabilities"}],
         "serviceUrl":"{{_directLine.ServiceUrl.TrimEnd('/')}}","conversation":{"id":"{{conversation}}"},"id":"{{id}}"}
        """;

    private string ConversationStart(string conversation, string membersAdded) => $$"""
        {"type":"conversationUpdate","channelId":"emulator","serviceUrl":"{{_directLine.ServiceUrl.TrimEnd('/')}}",
         "conversation":{"id":"{{conversation}}"},"id":"{{Guid.NewGuid()}}","membersAdded":{{membersAdded}},"membersRemoved":[],
         "from":{"id":"offline-directline","name":"Offline Directline Server"}
        }
        """;

    private async Task PostAsync(string body)
    {
        using var response = await _client.PostAsync("/api/messages", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Message_without_recipient_or_timestamp_is_answered_and_an_empty_200_counts_as_sent()
    {
        await PostAsync(WebChatMessage("3ec594d3-d31e-4910-854b-15687c6f1ba7", "e7fdb0ab-70eb-4e83-a4bf-730950bd3a39", "How do I reset SSO for Contoso?"));

        var (path, reply) = await _directLine.NextAsync();
        Assert.Equal("/v3/conversations/e7fdb0ab-70eb-4e83-a4bf-730950bd3a39/activities/3ec594d3-d31e-4910-854b-15687c6f1ba7", path);
        Assert.Contains("How do I reset SSO for Contoso?", reply.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("r_u681rcvymz", reply["recipient"]!["id"]!.GetValue<string>());
        Assert.Equal("emulator", reply["channelId"]!.GetValue<string>());
        Assert.Equal("3ec594d3-d31e-4910-854b-15687c6f1ba7", reply["replyToId"]!.GetValue<string>());

        // Turns run in arrival order: had the empty 200 been taken as a failure, the turn would have
        // logged an error (or a retry would arrive here) before the next message's reply.
        await PostAsync(WebChatMessage("5b0c8f1e-9a7d-4c8e-8f51-0d1b2c3d4e5f", "e7fdb0ab-70eb-4e83-a4bf-730950bd3a39", "And for Fabrikam?"));
        Assert.Contains("And for Fabrikam?", (await _directLine.NextAsync()).Body!.ToJsonString(), StringComparison.Ordinal);
        Assert.Empty(_errors.Entries);
    }

    [Theory]
    [InlineData("[]")] // What offline-directline sends when a conversation starts.
    [InlineData("""[{"name":"someone"}]""")] // A member without id, with no recipient either: still nobody known joined.
    public async Task Conversation_start_naming_no_bot_member_sends_no_welcome(string membersAdded)
    {
        var conversation = Guid.NewGuid().ToString();
        await PostAsync(ConversationStart(conversation, membersAdded));
        await PostAsync(WebChatMessage(Guid.NewGuid().ToString(), conversation, "first question"));

        // The update's turn runs first, so a welcome would be the first thing the channel receives.
        var (_, first) = await _directLine.NextAsync();
        Assert.DoesNotContain("Welcome to", first.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("first question", first.ToJsonString(), StringComparison.Ordinal);
    }

    /// <summary>Collects errors the host logs, e.g. a failed turn after the activity was acknowledged.</summary>
    private sealed class ErrorLog : ILoggerProvider
    {
        public ConcurrentQueue<string> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(ErrorLog log, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    log.Entries.Enqueue($"{category}: {formatter(state, exception)} {exception}");
                }
            }
        }
    }
}
