using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ExpertBot.Tests.Connector;
using ExpertBot.Tests.Host;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ExpertBot.Tests.Questions;

/// <summary>
/// Time-outs through the real host on a fake clock: nobody takes the invitation, the timer job (durable, in the jobs
/// table) fires once the clock passes the pool's time-out, the next experts are asked and the asker is told.
/// </summary>
public sealed class EscalationTests : IAsyncDisposable
{
    private const string Alex = "1a000000-0000-4000-8000-000000000000";
    private readonly FakeBotConnector _connector = new();
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly BotApp _app = new();

    [Fact]
    public async Task Unanswered_invitations_escalate_after_the_time_out_and_the_asker_is_told()
    {
        // Leases and run limits are measured on the same fake clock: both longer than the jump keep the clock move from cancelling a
        // job that is still finishing (as a stalled instance's job would be), which is another test's subject.
        await using var app = _app.WithWebHostBuilder(web =>
        {
            web.UseSetting("Storage:Jobs:LeaseDuration", "1.00:00:00");
            web.UseSetting("Storage:Jobs:MaxRunTime", "1.00:00:00");
            web.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(_clock));
        });
        var client = app.CreateClient();
        var token = Guid.NewGuid().ToString("N")[..8];

        await PostAsync(client, Message($"How do we rotate the signing certificate of a tenant's custom identity provider {token}?"));
        var first = await NextMatchingAsync(b => b.ToJsonString().Contains(token, StringComparison.Ordinal));
        if (first.ToJsonString().Contains("kbNotAnswered", StringComparison.Ordinal))
        {
            // The knowledge base offered something; the agent asks the experts anyway.
            var card = QuestionCard(first) ?? throw new Xunit.Sdk.XunitException(first.ToJsonString());
            await PostAsync(client, Invoke("kbNotAnswered", card));
        }
        var invited = await NextMatchingAsync(b => b.ToJsonString().Contains("acceptInvitation", StringComparison.Ordinal));
        Assert.Contains(token, invited.ToJsonString(), StringComparison.Ordinal);

        // Past the pool's 30-minute time-out the step times out: new experts are invited (or the fallback is asked) and
        // the asker hears why. Only the fake clock moves; the timer is a job row that the worker finds due.
        _clock.Advance(TimeSpan.FromMinutes(31));
        var told = await NextMatchingAsync(b => b["text"]?.ToString() is { } text
            && (text.Contains("in time, so I invited", StringComparison.Ordinal) || text.Contains("to step in", StringComparison.Ordinal)));
        Assert.Contains("Nobody", told["text"]!.ToString(), StringComparison.Ordinal);
    }

    private async Task<JsonNode> NextMatchingAsync(Func<JsonNode, bool> match)
    {
        for (var i = 0; i < 50; i++)
        {
            var (_, body) = await _connector.NextAsync();
            if (match(body))
            {
                return body;
            }
        }
        throw new Xunit.Sdk.XunitException("No matching post to the connector in 50 posts.");
    }

    private static async Task PostAsync(HttpClient client, string json)
    {
        using var response = await client.PostAsync("/api/messages", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private string Message(string text) => $$"""
        {"type":"message","id":"m-{{Guid.NewGuid():N}}","channelId":"msteams","serviceUrl":"{{_connector.ServiceUrl}}",
         "from":{"id":"29:alex","aadObjectId":"{{Alex}}","name":"Alex Wilber"},"recipient":{"id":"28:bot","name":"ExpertBot"},
         "conversation":{"id":"a:alex","conversationType":"personal","tenantId":"t1"},"text":"{{text}}"}
        """;

    private string Invoke(string verb, JsonObject data) => $$$"""
        {"type":"invoke","name":"adaptiveCard/action","id":"i-{{{Guid.NewGuid():N}}}","channelId":"msteams","serviceUrl":"{{{_connector.ServiceUrl}}}",
         "from":{"id":"29:alex","aadObjectId":"{{{Alex}}}","name":"Alex Wilber"},"recipient":{"id":"28:bot"},
         "conversation":{"id":"a:alex","conversationType":"personal","tenantId":"t1"},
         "value":{"action":{"type":"Action.Execute","verb":"{{{verb}}}","data":{{{data.ToJsonString()}}} } } }
        """;

    /// <summary>The data of the card's question-wide actions: its id and signature (not an article button's).</summary>
    private static JsonObject? QuestionCard(JsonNode? node) => node switch
    {
        JsonObject o when o["questionId"] is JsonValue && o["sig"] is JsonValue && o["articleId"] is null =>
            new JsonObject { ["questionId"] = o["questionId"]!.DeepClone(), ["sig"] = o["sig"]!.DeepClone() },
        JsonObject o => o.Select(p => QuestionCard(p.Value)).FirstOrDefault(id => id is not null),
        JsonArray a => a.Select(QuestionCard).FirstOrDefault(id => id is not null),
        _ => null,
    };

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _connector.DisposeAsync();
    }
}
