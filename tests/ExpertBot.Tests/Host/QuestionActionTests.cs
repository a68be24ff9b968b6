using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ExpertBot.Tests.Connector;

namespace ExpertBot.Tests.Host;

/// <summary>Question actions through the real host: the message action, and card data that lies about the question.</summary>
public sealed class QuestionActionTests : IClassFixture<DirectDeliveryBotApp>, IAsyncDisposable
{
    private readonly FakeBotConnector _connector = new();
    private readonly HttpClient _client;

    public QuestionActionTests(DirectDeliveryBotApp factory) => _client = factory.CreateClient();

    private async Task<JsonNode> InvokeAsync(string name, string from, string value, string? channelConversation = null)
    {
        var conversation = channelConversation is null
            ? $$"""{"id":"a:chat-{{from}}","conversationType":"personal","tenantId":"t1"}"""
            : $$"""{"id":"{{channelConversation}}","conversationType":"channel","tenantId":"t1"}""";
        var json = $$"""
            {"type":"invoke","id":"i-{{Guid.NewGuid():N}}","name":"{{name}}","channelId":"msteams","serviceUrl":"{{_connector.ServiceUrl}}",
             "from":{"id":"29:{{from}}","aadObjectId":"{{from}}","name":"{{from}}"},"recipient":{"id":"28:bot"},
             "conversation":{{conversation}},"value":{{value}}}
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
        // The question's card goes to the conversation the action was used in (invitations may go out around it).
        var (path, card) = await _connector.NextAsync();
        while (!path.Contains("chat-agent-1", StringComparison.Ordinal))
        {
            (path, card) = await _connector.NextAsync();
        }
        Assert.Equal("/v3/conversations/a%3Achat-agent-1/activities", path);
        Assert.Contains(token, card.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Card_data_pointing_at_someone_elses_question_changes_nothing()
    {
        var token = Guid.NewGuid().ToString("N")[..8];
        await InvokeAsync("composeExtension/submitAction", "agent-2", """{"data":{"question":"Owned by agent 2 TOKEN?"}}""".Replace("TOKEN", token, StringComparison.Ordinal));
        var questionId = await QuestionIdPostedAsync();

        // Another user replays the card's data with a verb only the asker may use.
        var tampered = await InvokeAsync("adaptiveCard/action", "intruder", """
            {"action":{"type":"Action.Execute","verb":"cancelQuestion","data":{"questionId":"QID","sig":"SIG","reason":"gone"}}}
            """.Replace("QID", questionId.Id, StringComparison.Ordinal).Replace("SIG", questionId.Sig, StringComparison.Ordinal));
        var garbage = await InvokeAsync("adaptiveCard/action", "intruder", """
            {"action":{"type":"Action.Execute","verb":"cancelQuestion","data":{"questionId":"not-a-number"}}}
            """);

        Assert.Contains("Only the asker can do that", tampered.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("This card is damaged", garbage.ToJsonString(), StringComparison.Ordinal);
        var stillOpen = await InvokeAsync("adaptiveCard/action", "agent-2", """
            {"action":{"type":"Action.Execute","verb":"cancelQuestion","data":{"questionId":"QID","sig":"SIG","reason":"solved elsewhere"}}}
            """.Replace("QID", questionId.Id, StringComparison.Ordinal).Replace("SIG", questionId.Sig, StringComparison.Ordinal));
        Assert.Contains("Cancelled", stillOpen.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Following_from_a_channel_sends_updates_in_a_1_to_1_chat_not_in_the_channel()
    {
        var token = Guid.NewGuid().ToString("N")[..8];
        await InvokeAsync("composeExtension/submitAction", "agent-4", """{"data":{"question":"Followed question TOKEN?"}}""".Replace("TOKEN", token, StringComparison.Ordinal));
        var questionId = await QuestionIdPostedAsync();

        // A colleague of the question's pool (the default pool takes the whole directory) follows it from the experts'
        // channel; someone the question has no tie to may not, and learns nothing about it.
        var watcher = DemoPeople().First().Id;
        var outsider = await InvokeAsync("adaptiveCard/action", "outsider", """
            {"action":{"type":"Action.Execute","verb":"follow","data":{"questionId":"QID","sig":"SIG"}}}
            """.Replace("QID", questionId.Id, StringComparison.Ordinal).Replace("SIG", questionId.Sig, StringComparison.Ordinal));
        Assert.Contains("t do that here", outsider.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(token, outsider.ToJsonString(), StringComparison.Ordinal);
        await InvokeAsync("adaptiveCard/action", watcher, """
            {"action":{"type":"Action.Execute","verb":"follow","data":{"questionId":"QID","sig":"SIG"}}}
            """.Replace("QID", questionId.Id, StringComparison.Ordinal).Replace("SIG", questionId.Sig, StringComparison.Ordinal), channelConversation: "19:experts@thread.tacv2;messageid=1");
        await InvokeAsync("adaptiveCard/action", "agent-4", """
            {"action":{"type":"Action.Execute","verb":"cancelQuestion","data":{"questionId":"QID","sig":"SIG","reason":"solved by phone"}}}
            """.Replace("QID", questionId.Id, StringComparison.Ordinal).Replace("SIG", questionId.Sig, StringComparison.Ordinal));

        // The follower's update: a 1:1 chat is created with them, and the notice goes there, never to the channel.
        var posts = new List<(string Path, JsonNode Body)>();
        while (!posts.Any(p => p.Body.ToJsonString().Contains("solved by phone", StringComparison.Ordinal) && p.Path != "/v3/conversations/a%3Achat-agent-4/activities"))
        {
            var (path, body) = await _connector.NextAsync();
            posts.Add((path, body));
        }
        // (Experts invited 1:1 get their chats created too; the follower's is the one with them as the member.)
        Assert.Single(posts, p => p.Path == "/v3/conversations" && p.Body["members"]?[0]?["id"]?.GetValue<string>() == "29:" + watcher);
        Assert.DoesNotContain(posts, p => p.Path.Contains("experts", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Declining_for_someone_else_invites_that_person_and_an_unknown_name_changes_nothing()
    {
        var token = Guid.NewGuid().ToString("N")[..8];
        await InvokeAsync("composeExtension/submitAction", "agent-6", """{"data":{"question":"Invoice shows the wrong VAT rate after the customer moved TOKEN?"}}""".Replace("TOKEN", token, StringComparison.Ordinal));
        // The knowledge base has a billing article on VAT; the agent says it does not answer, so experts are invited.
        var questionId = await QuestionIdPostedAsync();
        await InvokeAsync("adaptiveCard/action", "agent-6", """
            {"action":{"type":"Action.Execute","verb":"kbNotAnswered","data":{"questionId":"QID","sig":"SIG"}}}
            """.Replace("QID", questionId.Id, StringComparison.Ordinal).Replace("SIG", questionId.Sig, StringComparison.Ordinal));
        var decliner = InvitedExpert(await NextPostAsync(p => p.Path == "/v3/conversations"));
        var colleague = DemoPeople().Last(p => p.Id != decliner && p.Mail is not null);

        // A name nobody has: refused with what to fix, and the invitation stays open (the real decline below works).
        var unclear = await DeclineAsync(decliner, questionId, "nobody-by-this-name@example.invalid");
        Assert.Contains("Who do you mean?", unclear.ToJsonString(), StringComparison.Ordinal);

        var declined = await DeclineAsync(decliner, questionId, colleague.Mail!.ToUpperInvariant());
        Assert.DoesNotContain("Who do you mean?", declined.ToJsonString(), StringComparison.Ordinal);
        // The colleague gets their own invitation (a 1:1 chat opened with them), saying who pointed at them.
        await NextPostAsync(p => p.Path == "/v3/conversations" && InvitedExpert(p) == colleague.Id);
        var card = await NextPostAsync(p => p.Body.ToJsonString().Contains("acceptInvitation", StringComparison.Ordinal)
            && p.Body.ToJsonString().Contains("suggested by", StringComparison.Ordinal));
        Assert.Contains($"suggested by {decliner}", card.Body.ToJsonString(), StringComparison.Ordinal);
    }

    private static string InvitedExpert((string Path, JsonNode Body) createConversation) =>
        createConversation.Body["members"]![0]!["aadObjectId"]!.GetValue<string>();

    [Fact]
    public async Task The_asker_resolves_with_their_own_answer_from_the_question_card()
    {
        var token = Guid.NewGuid().ToString("N")[..8];
        await InvokeAsync("composeExtension/submitAction", "agent-7", """{"data":{"question":"Export to CSV drops the last column TOKEN?"}}""".Replace("TOKEN", token, StringComparison.Ordinal));
        var questionId = await QuestionIdPostedAsync();
        const string Resolve = """{"action":{"type":"Action.Execute","verb":"resolveQuestion","data":{"questionId":"QID","sig":"SIG","finalAnswer":"ANSWER"}}}""";

        var empty = await InvokeAsync("adaptiveCard/action", "agent-7", Resolve.Replace("QID", questionId.Id, StringComparison.Ordinal).Replace("SIG", questionId.Sig, StringComparison.Ordinal).Replace("ANSWER", " ", StringComparison.Ordinal));
        var intruder = await InvokeAsync("adaptiveCard/action", "intruder", Resolve.Replace("QID", questionId.Id, StringComparison.Ordinal).Replace("SIG", questionId.Sig, StringComparison.Ordinal).Replace("ANSWER", "closing it", StringComparison.Ordinal));
        var resolved = await InvokeAsync("adaptiveCard/action", "agent-7", Resolve.Replace("QID", questionId.Id, StringComparison.Ordinal).Replace("SIG", questionId.Sig, StringComparison.Ordinal).Replace("ANSWER", $"Quote the header row {token}", StringComparison.Ordinal));

        Assert.Contains("Nothing to resolve with", empty.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("Only the asker can do that", intruder.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains($"Quote the header row {token}", resolved.ToJsonString(), StringComparison.Ordinal);
        var again = await InvokeAsync("adaptiveCard/action", "agent-7", """
            {"action":{"type":"Action.Execute","verb":"cancelQuestion","data":{"questionId":"QID","sig":"SIG","reason":"too late"}}}
            """.Replace("QID", questionId.Id, StringComparison.Ordinal).Replace("SIG", questionId.Sig, StringComparison.Ordinal));
        Assert.Contains("resolved", again.ToJsonString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Cancelled", again.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_ask_form_carries_what_was_tried_the_product_and_urgency_to_the_invited_experts()
    {
        var token = Guid.NewGuid().ToString("N")[..8];
        var asked = await InvokeAsync("adaptiveCard/action", "agent-8", """
            {"action":{"type":"Action.Execute","verb":"askQuestion","data":{"draftId":"new","title":"Proration looks doubled on the renewal TOKEN",
             "details":"Two proration lines on one renewal","tried":"Re-ran the renewal preview TOKEN","product":"Billing","urgency":"critical","caseId":""}}}
            """.Replace("TOKEN", token, StringComparison.Ordinal));
        Assert.DoesNotContain("Nothing to ask", asked.ToJsonString(), StringComparison.Ordinal);
        if (asked.ToJsonString().Contains("kbNotAnswered", StringComparison.Ordinal))
        {
            await InvokeAsync("adaptiveCard/action", "agent-8", """
                {"action":{"type":"Action.Execute","verb":"kbNotAnswered","data":{"questionId":"QID","sig":"SIG"}}}
                """.Replace("QID", FindCard(asked)!.Id, StringComparison.Ordinal).Replace("SIG", FindCard(asked)!.Sig, StringComparison.Ordinal));
        }

        // The billing pool (picked by the product) invites 1:1; the invitation shows what was tried and the urgency.
        var invitation = await NextPostAsync(p => p.Body.ToJsonString().Contains("acceptInvitation", StringComparison.Ordinal)
            && p.Body.ToJsonString().Contains(token, StringComparison.Ordinal));
        var card = invitation.Body.ToJsonString();
        Assert.Contains("Already tried: ", card, StringComparison.Ordinal);
        Assert.Contains($"Re-ran the renewal preview {token}", card, StringComparison.Ordinal);
        Assert.Contains("critical", card, StringComparison.Ordinal);
        Assert.Contains("Billing", card, StringComparison.Ordinal);

        var empty = await InvokeAsync("adaptiveCard/action", "agent-8", """{"action":{"type":"Action.Execute","verb":"askQuestion","data":{"title":"  "}}}""");
        Assert.Contains("Nothing to ask", empty.ToJsonString(), StringComparison.Ordinal);
    }

    private Task<JsonNode> DeclineAsync(string expert, CardRef questionId, string suggested) =>
        InvokeAsync("adaptiveCard/action", expert, """
            {"action":{"type":"Action.Execute","verb":"declineInvitation","data":{"questionId":"QID","sig":"SIG","declineReason":"someone-else","suggestedExpert":"WHO"}}}
            """.Replace("QID", questionId.Id, StringComparison.Ordinal).Replace("SIG", questionId.Sig, StringComparison.Ordinal).Replace("WHO", suggested, StringComparison.Ordinal));

    private async Task<(string Path, JsonNode Body)> NextPostAsync(Func<(string Path, JsonNode Body), bool> match)
    {
        for (var i = 0; i < 30; i++)
        {
            var (path, body) = await _connector.NextAsync();
            if (match((path, body)))
            {
                return (path, body);
            }
        }
        throw new Xunit.Sdk.XunitException("The bot did not post what was expected.");
    }

    private static IEnumerable<(string Id, string? Mail)> DemoPeople()
    {
        var file = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "demo-directory.json")))!;
        return file["people"]!.AsArray().Select(p => (p!["id"]!.GetValue<string>(), p["mail"]?.GetValue<string>()));
    }

    /// <summary>The question card the bot posted to the asker (invitations to experts may be posted before or after it).</summary>
    private async Task<CardRef> QuestionIdPostedAsync()
    {
        for (var i = 0; i < 20; i++)
        {
            var (path, body) = await _connector.NextAsync();
            if (path.Contains("chat-agent", StringComparison.Ordinal) && FindCard(body) is { } card)
            {
                return card;
            }
        }
        throw new Xunit.Sdk.XunitException("The bot posted no question card to the asker.");
    }

    /// <summary>What a card's actions say about its question: its id and the signature that vouches for it.</summary>
    private sealed record CardRef(string Id, string Sig);

    private static CardRef? FindCard(JsonNode? node) => node switch
    {
        // The question's own signature, not an article button's (that one also covers the article).
        JsonObject o when o["questionId"] is JsonValue v && o["sig"] is JsonValue sig && o["articleId"] is null => new CardRef(v.ToString(), sig.ToString()),
        JsonObject o => o.Select(p => FindCard(p.Value)).FirstOrDefault(id => id is not null),
        JsonArray a => a.Select(FindCard).FirstOrDefault(id => id is not null),
        _ => null,
    };

    public async ValueTask DisposeAsync() => await _connector.DisposeAsync();
}
