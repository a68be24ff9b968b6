using System.Text.Json.Nodes;
using ExpertBot.Protocol.Activities;

namespace ExpertBot.Tests.Connector;

/// <summary>Each Bot Connector operation's path, method and body as the connector receives them.</summary>
public sealed class WireShapeTests : IAsyncLifetime
{
    private const string ThreadId = "19:abc@thread.tacv2;messageid=1700000000000";
    private const string EncodedThreadId = "19%3Aabc%40thread.tacv2%3Bmessageid%3D1700000000000";
    private readonly ConnectorHarness _h = ConnectorHarness.AuthOff();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private static Activity Text(string text) => new() { Type = ActivityTypes.Message, Text = text };

    [Fact]
    public async Task Send_to_conversation_posts_the_activity_and_returns_its_id()
    {
        var result = await _h.Client.SendToConversationAsync(_h.LoopbackServiceUrl, ThreadId, Text("hello thread"), CancellationToken.None);

        var request = await _h.Connector.NextAsync();
        Assert.Equal("POST", request.Method);
        Assert.Equal($"/v3/conversations/{EncodedThreadId}/activities", request.RawPath);
        Assert.Equal("hello thread", request.Body!["text"]!.GetValue<string>());
        Assert.Equal("message", request.Body["type"]!.GetValue<string>());
        Assert.Null(request.Authorization); // Auth off: no token, no header.
        Assert.StartsWith("activity-", result.Id, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reply_posts_under_the_activity_id()
    {
        await _h.Client.ReplyToActivityAsync(_h.LoopbackServiceUrl, "a:personal-1", "1:act/9", Text("a reply"), CancellationToken.None);

        var request = await _h.Connector.NextAsync();
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v3/conversations/a%3Apersonal-1/activities/1%3Aact%2F9", request.RawPath);
        Assert.Equal("a reply", request.Body!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Reply_to_an_incoming_activity_addresses_it_back_to_the_sender()
    {
        var incoming = new Activity
        {
            Type = ActivityTypes.Message, Id = "m-7", ChannelId = "msteams", ServiceUrl = _h.LoopbackServiceUrl,
            From = new ChannelAccount { Id = "29:agent" }, Recipient = new ChannelAccount { Id = "28:bot" },
            Conversation = new ConversationAccount { Id = ThreadId },
        };

        await _h.Client.ReplyToActivityAsync(incoming, Text("thanks"), CancellationToken.None);

        var request = await _h.Connector.NextAsync();
        Assert.Equal($"/v3/conversations/{EncodedThreadId}/activities/m-7", request.RawPath);
        Assert.Equal("29:agent", request.Body!["recipient"]!["id"]!.GetValue<string>());
        Assert.Equal("28:bot", request.Body["from"]!["id"]!.GetValue<string>());
        Assert.Equal("m-7", request.Body["replyToId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Update_puts_the_new_activity_under_its_id()
    {
        _h.Connector.Script("/v3/conversations/a%3Ax/activities/act-1", new FakeAnswer(200, """{"id":"act-1"}"""));

        var result = await _h.Client.UpdateActivityAsync(_h.LoopbackServiceUrl, "a:x", "act-1", Text("edited"), CancellationToken.None);

        var request = await _h.Connector.NextAsync();
        Assert.Equal("PUT", request.Method);
        Assert.Equal("/v3/conversations/a%3Ax/activities/act-1", request.RawPath);
        Assert.Equal("edited", request.Body!["text"]!.GetValue<string>());
        Assert.Equal("act-1", request.Body["id"]!.GetValue<string>());
        Assert.Equal("act-1", result.Id);
    }

    [Fact]
    public async Task Delete_sends_a_delete_with_no_body()
    {
        _h.Connector.Script("/v3/conversations/a%3Ax/activities/act-2", new FakeAnswer(200));

        await _h.Client.DeleteActivityAsync(_h.LoopbackServiceUrl, "a:x", "act-2", CancellationToken.None);

        var request = await _h.Connector.NextAsync();
        Assert.Equal("DELETE", request.Method);
        Assert.Equal("/v3/conversations/a%3Ax/activities/act-2", request.RawPath);
        Assert.Null(request.Body);
    }

    [Fact]
    public async Task Personal_conversation_is_created_with_the_user_as_member_and_the_tenant_in_channel_data()
    {
        _h.Connector.Script("/v3/conversations", new FakeAnswer(201, """{"id":"a:new-personal"}"""));

        var result = await _h.Client.CreatePersonalConversationAsync(_h.LoopbackServiceUrl,
            new ChannelAccount { Id = "28:bot", Name = "ExpertBot" }, new ChannelAccount { Id = "29:expert" }, "tenant-1", CancellationToken.None);

        var request = await _h.Connector.NextAsync();
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v3/conversations", request.RawPath);
        var body = request.Body!;
        Assert.False(body["isGroup"]!.GetValue<bool>());
        Assert.Equal("28:bot", body["bot"]!["id"]!.GetValue<string>());
        Assert.Equal("29:expert", Assert.Single(body["members"]!.AsArray())!["id"]!.GetValue<string>());
        Assert.Equal("tenant-1", body["channelData"]!["tenant"]!["id"]!.GetValue<string>());
        Assert.Equal("tenant-1", body["tenantId"]!.GetValue<string>());
        Assert.Null(body["activity"]);
        Assert.Equal("a:new-personal", result.Id);
    }

    [Fact]
    public async Task Channel_thread_is_created_as_a_group_conversation_with_the_root_post()
    {
        _h.Connector.Script("/v3/conversations", new FakeAnswer(201, """{"id":"19:ch@thread.tacv2;messageid=42","activityId":"42"}"""));

        var result = await _h.Client.CreateChannelThreadAsync(_h.LoopbackServiceUrl, new ChannelAccount { Id = "28:bot" },
            "19:ch@thread.tacv2", "tenant-1", Text("New question: SSO for Contoso"), CancellationToken.None);

        var body = (await _h.Connector.NextAsync()).Body!;
        Assert.True(body["isGroup"]!.GetValue<bool>());
        Assert.Equal("19:ch@thread.tacv2", body["channelData"]!["channel"]!["id"]!.GetValue<string>());
        Assert.Equal("New question: SSO for Contoso", body["activity"]!["text"]!.GetValue<string>());
        Assert.Equal("message", body["activity"]!["type"]!.GetValue<string>());
        Assert.Null(body["members"]);
        Assert.Equal("19:ch@thread.tacv2;messageid=42", result.Id);
        Assert.Equal("42", result.ActivityId);
    }

    [Fact]
    public async Task Get_member_reads_the_teams_profile()
    {
        _h.Connector.Script("/v3/conversations/a%3Ax/members/29%3Aexpert", new FakeAnswer(200,
            """{"id":"29:expert","name":"Megan Bowen","aadObjectId":"aad-1","email":"megan@contoso.example","userPrincipalName":"megan@contoso.example","tenantId":"t","userRole":"user","givenName":"Megan"}"""));

        var member = await _h.Client.GetConversationMemberAsync(_h.LoopbackServiceUrl, "a:x", "29:expert", CancellationToken.None);

        Assert.Equal("GET", (await _h.Connector.NextAsync()).Method);
        Assert.Equal("Megan Bowen", member.Name);
        Assert.Equal("aad-1", member.AadObjectId);
        Assert.Equal("megan@contoso.example", member.UserPrincipalName);
        Assert.Equal("Megan", member.GivenName);
    }

    [Fact]
    public async Task Team_details_are_read_from_v3_teams()
    {
        _h.Connector.Script("/v3/teams/19%3Ateam%40thread.tacv2", new FakeAnswer(200,
            """{"id":"19:team@thread.tacv2","name":"Support Experts","aadGroupId":"g-1","channelCount":2,"memberCount":6,"type":"standard"}"""));

        var team = await _h.Client.GetTeamDetailsAsync(_h.LoopbackServiceUrl, "19:team@thread.tacv2", CancellationToken.None);

        var request = await _h.Connector.NextAsync();
        Assert.Equal("GET", request.Method);
        Assert.Equal("/v3/teams/19%3Ateam%40thread.tacv2", request.RawPath);
        Assert.Equal(("Support Experts", "g-1", 2, 6), (team.Name, team.AadGroupId, team.ChannelCount, team.MemberCount));
    }

    [Fact]
    public async Task Members_are_read_page_by_page_until_no_continuation_token()
    {
        const string path = "/v3/conversations/19%3Ateam%40thread.tacv2/pagedmembers";
        _h.Connector.Script(path,
            new FakeAnswer(200, """{"continuationToken":"page 2/x","members":[{"id":"29:a"},{"id":"29:b"}]}"""),
            new FakeAnswer(200, """{"continuationToken":"p3","members":[{"id":"29:c"},{"id":"29:d"}]}"""),
            new FakeAnswer(200, """{"members":[{"id":"29:e"}]}"""));

        var members = await _h.Client.GetConversationMembersAsync(_h.LoopbackServiceUrl, "19:team@thread.tacv2", pageSize: 2, CancellationToken.None);

        Assert.Equal(["29:a", "29:b", "29:c", "29:d", "29:e"], members.Select(m => m.Id));
        var queries = _h.Connector.All.Where(r => r.RawPath == path).Select(r => r.Query).ToList();
        Assert.Equal(["pageSize=2", "pageSize=2&continuationToken=page%202%2Fx", "pageSize=2&continuationToken=p3"], queries);
    }

    [Fact]
    public async Task A_200_with_an_empty_body_is_success_without_an_id()
    {
        // Web Chat's offline-directline answers replies this way.
        _h.Connector.Script("/v3/conversations/c1/activities", new FakeAnswer(200));

        var result = await _h.Client.SendToConversationAsync(_h.LoopbackServiceUrl, "c1", Text("hi"), CancellationToken.None);

        Assert.Null(result.Id);
        Assert.Single(_h.Connector.All);
    }

    [Fact]
    public async Task Missing_ids_are_refused_before_anything_is_sent()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _h.Client.SendToConversationAsync(_h.LoopbackServiceUrl, " ", Text("x"), CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => _h.Client.CreatePersonalConversationAsync(_h.LoopbackServiceUrl,
            new ChannelAccount { Id = "28:bot" }, new ChannelAccount { Id = "29:u" }, "", CancellationToken.None));
        Assert.Empty(_h.Connector.All);
    }
}
