using System.Net;
using System.Text;
using ExpertBot.Storage;
using ExpertBot.Storage.Jobs;
using ExpertBot.Tests.Connector;
using ExpertBot.Tests.Host;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ExpertBot.Tests.Storage;

/// <summary>/api/messages and /readyz on the real host, on SQLite and on PostgreSQL.</summary>
[Collection(StorageCollection.Name)]
public sealed class TurnDurabilityTests(PostgresServer server)
{
    private static StringContent Message(FakeBotConnector connector, string id, string text) => new($$"""
        {"type":"message","id":"{{id}}","channelId":"msteams","serviceUrl":"{{connector.ServiceUrl}}",
         "from":{"id":"29:agent"},"recipient":{"id":"28:bot"},
         "conversation":{"id":"a:durable","conversationType":"personal"},"text":"{{text}}"}
        """, Encoding.UTF8, "application/json");

    [Theory, SqliteData, PostgresData]
    public async Task Acknowledged_turn_survives_a_restart_and_its_redelivery_is_not_run_again(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, server);
        await using var connector = new FakeBotConnector();

        // First instance: acknowledges the activity, then stops before any worker could run it (as if it crashed).
        await using (var first = BotApp.With(database.Settings, ("Storage:Jobs:WorkerEnabled", "false")))
        {
            var response = await first.CreateClient().PostAsync("/api/messages", Message(connector, "t-1", "survive the restart"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // Second instance on the same database runs the stored turn.
        await using var second = BotApp.With(database.Settings);
        var client = second.CreateClient();
        var (path, reply) = await connector.NextAsync();
        Assert.Equal("/v3/conversations/a%3Adurable/activities/t-1", path);
        Assert.Contains("survive the restart", reply.ToJsonString(), StringComparison.Ordinal);

        // Teams redelivers t-1 (it never saw our 200, say); then a new message in the same conversation.
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/messages", Message(connector, "t-1", "redelivered"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/messages", Message(connector, "t-2", "after the restart"))).StatusCode);

        // A conversation's turns run in order, so a stored redelivery would have been answered before t-2.
        Assert.Contains("after the restart", (await connector.NextAsync()).Body!.ToJsonString(), StringComparison.Ordinal);
        await using var db = second.Services.GetRequiredService<ExpertBotDatabase>().CreateContext();
        Assert.Equal(2, await db.Set<Job>().CountAsync(j => j.Kind == "turn"));
    }

    /// <summary>
    /// An instance that starts with turns waiting (taken over from a killed one) runs them only once it has started in
    /// full: a question run before the routing index was built was routed to nobody (found by the kill -9 test).
    /// </summary>
    [Theory, SqliteData, PostgresData]
    public async Task A_question_waiting_for_an_instance_is_routed_to_experts_by_the_one_that_starts(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, server);
        await using var connector = new FakeBotConnector();
        var question = new StringContent($$"""
            {"type":"message","id":"q-1","channelId":"msteams","serviceUrl":"{{connector.ServiceUrl}}",
             "from":{"id":"29:alex","aadObjectId":"0a000000-0000-4000-8000-000000000001","name":"Alex Wilber"},
             "recipient":{"id":"28:bot"},
             "conversation":{"id":"a:waiting","conversationType":"personal","tenantId":"t-contoso"},
             "text":"Why does the invoice export to PDF fail for customers with more than 500 lines?"}
            """, Encoding.UTF8, "application/json");
        await using (var first = BotApp.With(database.Settings, ("Storage:Jobs:WorkerEnabled", "false")))
        {
            Assert.Equal(HttpStatusCode.OK, (await first.CreateClient().PostAsync("/api/messages", question)).StatusCode);
        }

        // Every question goes to experts here (no knowledge suggestion first), so the turn must invite someone.
        await using var second = BotApp.With(database.Settings, ("Questions:SuggestionConfidence", "1"));
        _ = second.Services; // starts the host, whose worker runs the waiting turn
        // The asker's card (the invitations, in a channel or 1:1, may go out before or after it).
        await connector.NextAsync(r => r.RawPath.StartsWith("/v3/conversations/a%3Awaiting/activities", StringComparison.Ordinal));
        await using var db = second.Services.GetRequiredService<ExpertBotDatabase>().CreateContext();
        var invitations = await db.Set<ExpertBot.Features.Questions.Invitation>().CountAsync();
        Assert.True(invitations > 0, "the question that waited was routed to nobody");
    }

    [Theory, SqliteData, PostgresData]
    public async Task Readyz_is_200_with_the_database_and_503_without_it(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, server);
        await using var app = BotApp.With(database.Settings);
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);

        await database.MakeUnreachableAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/readyz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode); // liveness does not depend on it
    }
}
