using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using ExpertBot.Hosting;
using ExpertBot.Protocol.Activities;
using ExpertBot.Protocol.Connector;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ExpertBot.Tests.EndToEnd;

/// <summary>
/// Our Bot Connector client against the real Agents Playground's connector (auth off, loopback):
/// proactive 1:1 and new channel thread seen on its WebSocket stream, members and team read from it.
/// </summary>
public sealed class PlaygroundConnectorTests(PlaygroundFixture playground) : IClassFixture<PlaygroundFixture>, IDisposable
{
    // From tests/e2e/playground/.m365agentsplayground.yml.
    private const string BotId = "3f8b2c1d-4e5a-4b6c-8d7e-9f0a1b2c3d4e";
    private const string TenantId = "7d0e4c1a-5b2f-4e8a-9c3d-1f2e3a4b5c6d";
    private const string TeamId = "team-support-experts";
    private const string ChannelId = "channel-identity-experts";

    private readonly ServiceProvider _services = new ServiceCollection()
        .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
        .AddLogging()
        .AddBotConnector()
        .BuildServiceProvider();

    private BotConnectorClient Client => _services.GetRequiredService<BotConnectorClient>();

    // The serviceUrl the Playground puts on the activities it sends to the bot.
    private string ServiceUrl => $"http://localhost:{playground.PlaygroundUrl.Port}/_connector";

    private static ChannelAccount Bot => new() { Id = BotId, Name = "ExpertBot" };

    public void Dispose() => _services.Dispose();

    [PlaygroundFact]
    public async Task Proactive_personal_message_opens_the_chat_with_the_user_and_arrives_there()
    {
        // The Playground plays one user (currentUser, user-id-0): only that user's chats are on its stream.
        using var stream = await ConnectAsync();
        var text = $"An expert question needs you {Guid.NewGuid():N}";

        var conversation = await Client.CreatePersonalConversationAsync(ServiceUrl, Bot, new ChannelAccount { Id = "user-id-0" }, TenantId, CancellationToken.None);
        Assert.Equal("personal-chat-alex", conversation.Id);
        var sent = await Client.SendToConversationAsync(ServiceUrl, conversation.Id!, new Activity { Type = "message", Text = text }, CancellationToken.None);

        var seen = await NextAsync(stream, m => m["message"]?["text"]?.GetValue<string>() == text);
        Assert.Equal("createMessage", seen["action"]!.GetValue<string>());
        Assert.Equal(conversation.Id, seen["actionConversationId"]!.GetValue<string>());
        Assert.Equal(sent.Id, seen["message"]!["messageId"]!.ToString());
    }

    [PlaygroundFact]
    public async Task Proactive_personal_conversation_with_another_user_gets_its_own_id()
    {
        var conversation = await Client.CreatePersonalConversationAsync(ServiceUrl, Bot, new ChannelAccount { Id = "user-id-4" }, TenantId, CancellationToken.None);
        var sent = await Client.SendToConversationAsync(ServiceUrl, conversation.Id!, new Activity { Type = "message", Text = "hello Patti" }, CancellationToken.None);

        Assert.False(string.IsNullOrEmpty(conversation.Id));
        Assert.NotEqual("personal-chat-alex", conversation.Id);
        Assert.False(string.IsNullOrEmpty(sent.Id));
    }

    [PlaygroundFact]
    public async Task Proactive_channel_thread_posts_the_root_and_takes_replies()
    {
        using var stream = await ConnectAsync();
        var root = $"New question for the identity experts {Guid.NewGuid():N}";

        var thread = await Client.CreateChannelThreadAsync(ServiceUrl, Bot, ChannelId, TenantId, new Activity { Type = "message", Text = root }, CancellationToken.None);

        // The root post appears in the channel; the new thread's conversation id is "channel;messageid=root".
        var posted = await NextAsync(stream, m => m["message"]?["text"]?.GetValue<string>() == root);
        Assert.Equal("createMessage", posted["action"]!.GetValue<string>());
        Assert.Equal(ChannelId, posted["actionConversationId"]!.GetValue<string>());
        Assert.Equal(thread.Id, posted["message"]!["postConversationId"]!.GetValue<string>());
        Assert.Equal($"{ChannelId};messageid={thread.ActivityId}", thread.Id);
        Assert.Equal(thread.ActivityId, posted["message"]!["messageId"]!.ToString());

        // The thread id carries ";messageid=": it must survive URL encoding on the way back in.
        var reply = $"First expert joined {Guid.NewGuid():N}";
        await Client.SendToConversationAsync(ServiceUrl, thread.Id!, new Activity { Type = "message", Text = reply }, CancellationToken.None);
        var replied = await NextAsync(stream, m => m["message"]?["text"]?.GetValue<string>() == reply);
        Assert.Equal(thread.Id, replied["actionConversationId"]!.GetValue<string>());
    }

    [PlaygroundFact]
    public async Task A_posted_message_can_be_updated()
    {
        using var stream = await ConnectAsync();
        var conversation = await Client.CreatePersonalConversationAsync(ServiceUrl, Bot, new ChannelAccount { Id = "user-id-0" }, TenantId, CancellationToken.None);
        var sent = await Client.SendToConversationAsync(ServiceUrl, conversation.Id!, new Activity { Type = "message", Text = "Invitation: pending" }, CancellationToken.None);
        var edited = $"Invitation: accepted {Guid.NewGuid():N}";

        await Client.UpdateActivityAsync(ServiceUrl, conversation.Id!, sent.Id!, new Activity { Type = "message", Text = edited }, CancellationToken.None);

        var seen = await NextAsync(stream, m => m["action"]?.GetValue<string>() == "updateMessage" && m["message"]?["text"]?.GetValue<string>() == edited);
        Assert.Equal(sent.Id, seen["message"]!["messageId"]!.ToString());
    }

    [PlaygroundFact]
    public async Task Team_members_are_read_through_paging_and_one_by_one()
    {
        var members = await Client.GetConversationMembersAsync(ServiceUrl, TeamId, pageSize: null, CancellationToken.None);

        var megan = Assert.Single(members, m => m.Id == "user-id-1");
        Assert.Equal("Megan Bowen", megan.Name);
        Assert.Equal("1a000000-0000-4000-8000-000000000001", megan.AadObjectId);
        Assert.Equal("meganb@contoso.example", megan.UserPrincipalName);
        Assert.Contains(members, m => m.Id == "user-id-0");

        var one = await Client.GetConversationMemberAsync(ServiceUrl, TeamId, "user-id-3", CancellationToken.None);
        Assert.Equal("Isaiah Langer", one.Name);
    }

    [PlaygroundFact]
    public async Task Team_details_are_read()
    {
        var team = await Client.GetTeamDetailsAsync(ServiceUrl, TeamId, CancellationToken.None);

        Assert.Equal("Support Experts", team.Name);
        Assert.Equal("2b000000-0000-4000-8000-000000000001", team.AadGroupId);
        Assert.Equal(2, team.ChannelCount);
    }

    [PlaygroundFact]
    public async Task Delete_is_reported_as_not_implemented_by_the_playground_and_not_retried()
    {
        var conversation = await Client.CreatePersonalConversationAsync(ServiceUrl, Bot, new ChannelAccount { Id = "user-id-3" }, TenantId, CancellationToken.None);
        var sent = await Client.SendToConversationAsync(ServiceUrl, conversation.Id!, new Activity { Type = "message", Text = "to delete" }, CancellationToken.None);

        var error = await Assert.ThrowsAsync<BotConnectorException>(
            () => Client.DeleteActivityAsync(ServiceUrl, conversation.Id!, sent.Id!, CancellationToken.None));

        Assert.Equal(System.Net.HttpStatusCode.NotImplemented, error.StatusCode);
        Assert.Equal(1, error.Attempts);
    }

    private Task<ClientWebSocket> ConnectAsync() => PlaygroundDriver.OpenStreamAsync(playground.PlaygroundUrl);

    /// <summary>Reads the Playground's stream until an event matches (bounded by a time-out, not a sleep).</summary>
    private static async Task<JsonNode> NextAsync(ClientWebSocket socket, Func<JsonNode, bool> match)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        return await PlaygroundDriver.ReadUntilAsync(socket, match, timeout.Token);
    }
}
