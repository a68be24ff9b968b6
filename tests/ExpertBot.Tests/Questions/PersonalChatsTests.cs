using ExpertBot.Features.Questions;
using ExpertBot.Protocol.Activities;
using ExpertBot.Teams;
using ExpertBot.Tests.Connector;

namespace ExpertBot.Tests.Questions;

/// <summary>Invitations reuse the 1:1 chat Teams gave for a person, and open it again after a send to it failed.</summary>
public sealed class PersonalChatsTests : IAsyncLifetime
{
    private const string Tenant = "7d0e4c1a-0000-0000-0000-000000000000";
    private const string Expert = "1A000000-0000-4000-8000-000000000001";
    private readonly ConnectorHarness _h = ConnectorHarness.AuthOff(("BotFramework:MaxAttempts", "1"));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private static Activity Card(string text) => new() { Type = "message", Text = text };

    [Fact]
    public async Task A_second_invitation_to_the_same_person_goes_to_the_chat_opened_for_the_first()
    {
        _h.Connector.Script("/v3/conversations", FakeAnswer.Created("a:chat-with-expert"));
        var chats = new PersonalChats(_h.Client);

        await chats.SendAsync(_h.LoopbackServiceUrl, "28:bot", Expert, Tenant, Card("first"), CancellationToken.None);
        await chats.SendAsync(_h.LoopbackServiceUrl, "28:bot", Expert.ToLowerInvariant(), Tenant, Card("second"), CancellationToken.None);

        var requests = _h.Connector.All;
        Assert.Equal(["POST /v3/conversations", "POST /v3/conversations/a%3Achat-with-expert/activities", "POST /v3/conversations/a%3Achat-with-expert/activities"],
            requests.Select(r => $"{r.Method} {r.RawPath}").ToArray());
        Assert.Equal(Expert, requests[0].Body!["members"]![0]!["id"]!.GetValue<string>());
        Assert.Equal(["first", "second"], requests.Skip(1).Select(r => r.Body!["text"]!.GetValue<string>()).ToArray());
    }

    [Fact]
    public async Task After_a_failed_send_the_next_one_opens_the_chat_again()
    {
        _h.Connector.Script("/v3/conversations", FakeAnswer.Created("a:old-chat"), FakeAnswer.Created("a:new-chat"));
        _h.Connector.Script("/v3/conversations/a%3Aold-chat/activities", FakeAnswer.Created("1"), new FakeAnswer(403, """{"error":{"code":"BotNotInConversationRoster"}}"""));
        var chats = new PersonalChats(_h.Client);
        await chats.SendAsync(_h.LoopbackServiceUrl, "28:bot", Expert, Tenant, Card("first"), CancellationToken.None);

        await Assert.ThrowsAnyAsync<Exception>(() => chats.SendAsync(_h.LoopbackServiceUrl, "28:bot", Expert, Tenant, Card("second"), CancellationToken.None));
        await chats.SendAsync(_h.LoopbackServiceUrl, "28:bot", Expert, Tenant, Card("third"), CancellationToken.None);

        Assert.Equal(["/v3/conversations", "/v3/conversations/a%3Aold-chat/activities", "/v3/conversations/a%3Aold-chat/activities",
                "/v3/conversations", "/v3/conversations/a%3Anew-chat/activities"],
            _h.Connector.All.Select(r => r.RawPath).ToArray());
    }
}
