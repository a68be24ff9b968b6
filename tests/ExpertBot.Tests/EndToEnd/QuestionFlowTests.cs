using System.Text.Json.Nodes;

namespace ExpertBot.Tests.EndToEnd;

/// <summary>
/// The whole question flow through the Agents Playground, as its Teams users: Alex (agent, personal chat) asks, turns
/// the knowledge suggestion down, the identity experts are invited in their channel thread, Megan takes it and answers
/// in the thread, the answer is relayed to Alex, who accepts it; the thread's question card then shows it resolved.
/// </summary>
public sealed class QuestionFlowTests(PlaygroundFixture playground) : IClassFixture<PlaygroundFixture>
{
    private const string AlexChat = "personal-chat-alex";
    private const string Alex = "user-id-0";
    private const string Megan = "user-id-1";
    private const string Adele = "user-id-2";
    private const string IdentityChannel = "channel-identity-experts";
    private const string Tenant = "7d0e4c1a-5b2f-4e8a-9c3d-1f2e3a4b5c6d";
    private const string BotId = "3f8b2c1d-4e5a-4b6c-8d7e-9f0a1b2c3d4e";

    [PlaygroundFact]
    public async Task Ask_knowledge_refused_experts_invited_in_a_thread_take_discuss_and_accept()
    {
        using var teams = await PlaygroundDriver.ConnectAsync(playground.PlaygroundUrl);
        var token = Guid.NewGuid().ToString("N")[..10];

        await teams.SayAsync(AlexChat, Alex, $"Customer on case CAS-10421 gets AADSTS50011 reply URL error on SSO sign-in after the EU move, ref {token}?");

        // Coordination first: the knowledge base has a strong match, so no expert is bothered yet.
        var suggestion = await teams.NextAsync(m => Has(m, token) && Has(m, "kbNotAnswered"));
        Assert.Contains("AADSTS50011", PlaygroundDriver.Card(suggestion), StringComparison.Ordinal);
        var routed = await teams.ExecuteAsync(AlexChat, MessageId(suggestion), Alex, "kbNotAnswered", PlaygroundDriver.ActionData(suggestion, "kbNotAnswered"));
        Assert.Contains("Waiting for experts", routed.ToJsonString(), StringComparison.Ordinal);

        // The identity pool's channel gets a thread: the question card, then the invitation @mentioning the experts.
        var invitation = await teams.NextAsync(m => Conversation(m).StartsWith(IdentityChannel, StringComparison.Ordinal)
            && Has(m, token) && Has(m, "acceptInvitation"));
        Assert.Contains("Megan Bowen", invitation.ToJsonString(), StringComparison.Ordinal);
        var thread = Conversation(invitation);
        Assert.Contains(";messageid=", thread, StringComparison.Ordinal);

        // Someone not invited (Alex, the asker) cannot take it; Megan can.
        var refused = await teams.ExecuteAsync(thread, MessageId(invitation), Alex, "acceptInvitation", PlaygroundDriver.ActionData(invitation, "acceptInvitation"));
        Assert.Contains("not invited", refused.ToJsonString(), StringComparison.OrdinalIgnoreCase);
        var taken = await teams.ExecuteAsync(thread, MessageId(invitation), Megan, "acceptInvitation", PlaygroundDriver.ActionData(invitation, "acceptInvitation"));
        Assert.Contains("In discussion", taken.ToJsonString(), StringComparison.Ordinal);

        // Megan answers in the thread, without mentioning the bot (Teams delivers it through the RSC permission). The
        // Playground's chat API posts only as its current user, so her reply is injected as the activity Teams sends.
        await teams.InjectAsync(new JsonObject
        {
            ["type"] = "message",
            ["from"] = new JsonObject { ["id"] = Megan, ["name"] = "Megan Bowen", ["aadObjectId"] = "1a000000-0000-4000-8000-000000000001" },
            ["recipient"] = new JsonObject { ["id"] = BotId, ["name"] = "ExpertBot" },
            ["conversation"] = new JsonObject { ["id"] = thread, ["conversationType"] = "channel", ["isGroup"] = true, ["tenantId"] = Tenant },
            ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = Tenant }, ["channel"] = new JsonObject { ["id"] = IdentityChannel } },
            ["text"] = $"Answer: add the EU reply URL to the Entra app registration ({token}).",
            ["textFormat"] = "plain",
        });
        var relayed = await teams.NextAsync(m => Conversation(m) == AlexChat && Has(m, token) && Has(m, "acceptAnswer"));

        var accepted = await teams.ExecuteAsync(AlexChat, MessageId(relayed), Alex, "acceptAnswer", PlaygroundDriver.ActionData(relayed, "acceptAnswer"));
        Assert.Contains("add the EU reply URL", accepted.ToJsonString(), StringComparison.Ordinal);

        // Every copy of the question card is updated in place: the thread's root shows it resolved.
        var resolvedRoot = await teams.NextAsync(m => m["action"]?.GetValue<string>() == "updateMessage"
            && Conversation(m).StartsWith(IdentityChannel, StringComparison.Ordinal) && Has(m, token) && Has(m, "Resolved"));
        Assert.Contains("Megan Bowen", resolvedRoot.ToJsonString(), StringComparison.Ordinal);

        // A stale card: Adele was invited too, but the question is resolved now; her click is refused and changes nothing.
        var stale = await teams.ExecuteAsync(thread, MessageId(invitation), Adele, "acceptInvitation", PlaygroundDriver.ActionData(invitation, "acceptInvitation"));
        Assert.Contains("resolved", stale.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("In discussion", stale.ToJsonString(), StringComparison.Ordinal);
    }

    [PlaygroundFact]
    public async Task Ask_experts_about_this_message_starts_a_question_from_the_chosen_message()
    {
        using var teams = await PlaygroundDriver.ConnectAsync(playground.PlaygroundUrl);
        var token = Guid.NewGuid().ToString("N")[..10];

        // The message action's submit, as Teams sends it when Alex uses "Ask experts about this message" on a chat message.
        await teams.InjectAsync(new JsonObject
        {
            ["type"] = "invoke",
            ["name"] = "composeExtension/submitAction",
            ["from"] = new JsonObject { ["id"] = Alex, ["name"] = "Alex Wilber", ["aadObjectId"] = "1a000000-0000-4000-8000-000000000000" },
            ["recipient"] = new JsonObject { ["id"] = BotId, ["name"] = "ExpertBot" },
            ["conversation"] = new JsonObject { ["id"] = AlexChat, ["conversationType"] = "personal", ["tenantId"] = Tenant },
            ["value"] = new JsonObject
            {
                ["commandId"] = "askExperts",
                ["commandContext"] = "message",
                ["data"] = new JsonObject { ["question"] = $"Why does the Android app stop getting push notifications, ref {token}?" },
                ["messagePayload"] = new JsonObject { ["body"] = new JsonObject { ["contentType"] = "html", ["content"] = "<p>Customer: no pushes since Android 14</p>" } },
            },
        });

        var card = await teams.NextAsync(m => Conversation(m) == AlexChat && Has(m, token));
        Assert.Contains("Android", PlaygroundDriver.Card(card), StringComparison.Ordinal);
    }

    private static bool Has(JsonNode posted, string text) => PlaygroundDriver.Card(posted).Contains(text, StringComparison.Ordinal);

    private static string MessageId(JsonNode posted) => posted["message"]!["messageId"]!.ToString();

    private static string Conversation(JsonNode posted) =>
        posted["message"]?["conversation"]?["id"]?.GetValue<string>() ?? posted["actionConversationId"]?.GetValue<string>() ?? "";
}
