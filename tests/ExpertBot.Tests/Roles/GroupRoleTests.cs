using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Core;
using ExpertBot.CardActions;
using ExpertBot.Features.Ideas;
using ExpertBot.Features.Questions;
using ExpertBot.Integrations.Graph;
using ExpertBot.Teams;
using ExpertBot.Tests.Auth;
using ExpertBot.Tests.Experts;
using ExpertBot.Tests.Host;
using ExpertBot.Tests.Ideas;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ExpertBot.Tests.Roles;

/// <summary>
/// Roles given as Entra group ids, where the caller's groups are not in hand: a Teams click names its sender by object id
/// only, so the bot asks Graph (users/{id}/checkMemberGroups on the local fake) and keeps the answer for a while. The real
/// host with auth on: clicks are signed as the Bot Connector signs them, tab tokens as Entra does.
/// </summary>
public sealed class GroupRoleTests : IAsyncLifetime
{
    private const string Tenant = AuthHostFixture.TenantId;
    private const string AppId = AuthHostFixture.AppId;
    private const string ServiceUrl = "https://smba.trafficmanager.net/amer/";
    private const string Domain = "expertbot.contoso.example";
    private const string IdeasChannel = "19:ideas@thread.tacv2";

    private const string PmGroup = "6b000000-0000-4000-8000-0000000000c1";
    private const string SupervisorGroup = "6b000000-0000-4000-8000-0000000000c2";
    private const string GroupPm = "0b000000-0000-4000-8000-0000000000d1";
    private const string NamedPm = "0b000000-0000-4000-8000-0000000000d2";
    private const string GroupSupervisor = "0b000000-0000-4000-8000-0000000000d3";
    private const string Agent = "0b000000-0000-4000-8000-0000000000d4";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 9, 0, 0, TimeSpan.Zero));
    private readonly TestKey _botKey = new("bf-teams-roles", "msteams");
    private readonly TestKey _entraKey = new("entra-roles");
    private readonly FakeGraph _graph = new();
    private FakeOpenIdServer _openId = null!;
    private BotApp _root = null!;
    private WebApplicationFactory<Program> _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _graph.Add(new FakeUser(GroupPm, "Megan Bowen") { Groups = [PmGroup] });
        _graph.Add(new FakeUser(NamedPm, "Nestor Wilke"));
        _graph.Add(new FakeUser(GroupSupervisor, "Lidia Holloway") { Groups = [SupervisorGroup] });
        _graph.Add(new FakeUser(Agent, "Alex Wilber") { Groups = ["6b000000-0000-4000-8000-0000000000ff"] });
        _openId = new FakeOpenIdServer(Tenant, [_botKey], [_entraKey]);
        _root = new BotApp();
        _app = _root.WithWebHostBuilder(web =>
        {
            foreach (var (key, value) in new (string, string)[]
            {
                ("MicrosoftAppId", AppId), ("MicrosoftAppTenantId", Tenant), ("MicrosoftAppType", "SingleTenant"),
                ("MicrosoftAppPassword", "test-only-secret"), ("BotFramework:OpenIdMetadataUrl", _openId.BotMetadataUrl),
                ("BotFramework:EntraAuthority", _openId.EntraAuthority), ("TeamsApp:Domain", Domain),
                ("Storage:Jobs:WorkerEnabled", "false"), ("Directory:Source", "Graph"), ("Graph:BaseUrl", _graph.BaseUrl),
                ("Roles:ProductManagers:0", PmGroup), ("Roles:ProductManagers:1", NamedPm),
                ("Questions:Supervisors:0", SupervisorGroup), ("Ideas:DefaultChannelId", IdeasChannel),
            })
            {
                web.UseSetting(key, value);
            }
            web.ConfigureTestServices(services =>
            {
                services.AddSingleton<TimeProvider>(_time);
                services.AddKeyedSingleton<TokenCredential>(GraphClientBuilder.CredentialKey, new StaticTokenCredential("graph-token"));
            });
        });
        _client = _app.CreateClient();
        // The directory as the sync job fills it (the job worker is off here, so nothing else is sent anywhere).
        await _app.Services.GetRequiredService<GraphDirectorySync>().RunAsync(default);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
        await _root.DisposeAsync();
        await _openId.DisposeAsync();
        await _graph.DisposeAsync();
    }

    private IdeaService Ideas => _app.Services.GetRequiredService<IdeaService>();

    [Fact]
    public async Task A_product_manager_by_group_acts_from_the_ideas_channel_card_and_an_agent_outside_it_is_refused()
    {
        var id = await NewIdeaAsync("Export invoices as UBL");

        var refused = await ClickAsync(Agent, "setIdeaStatus", SignedIdea(id, ("status", "Shipped")), IdeasChannel);
        Assert.True(IdeaHost.Has(refused, "product manager"), refused.ToJsonString());
        Assert.Equal(IdeaStatus.New, (await Ideas.FindAsync(id, default))!.Status);

        var planned = await ClickAsync(GroupPm, "setIdeaStatus", SignedIdea(id, ("status", "Planned"), ("response", "UBL export is planned.")), IdeasChannel);
        Assert.True(IdeaHost.Has(planned, "Planned"), planned.ToJsonString());
        var idea = (await Ideas.FindAsync(id, default))!;
        Assert.Equal(IdeaStatus.Planned, idea.Status);
        Assert.Equal(GroupPm, idea.OwnerId);

        var responded = await ClickAsync(GroupPm, "respondToIdea", SignedIdea(id, ("response", "Planned for the spring release.")), IdeasChannel);
        Assert.True(IdeaHost.Has(responded, "Planned for the spring release."), responded.ToJsonString());

        // Asked once per person (the second click used the kept answer); the product manager named by user id is a
        // person of the directory, so that id was never sent to Graph as a group.
        var checks = _graph.MembershipChecks.ToList();
        Assert.Equal([$"{Agent}:{PmGroup}", $"{GroupPm}:{PmGroup}"], checks);
        Assert.DoesNotContain(checks, c => c.Contains(NamedPm, StringComparison.Ordinal));

        // The product manager named by user id needs no look-up at all.
        var declined = await ClickAsync(NamedPm, "setIdeaStatus", SignedIdea(id, ("status", "Declined")), IdeasChannel);
        Assert.True(IdeaHost.Has(declined, "Declined"), declined.ToJsonString());
        Assert.Equal(2, _graph.MembershipChecks.Count);
    }

    [Fact]
    public async Task Leaving_the_group_ends_the_role_once_the_kept_answer_expires()
    {
        var id = await NewIdeaAsync("Dark mode for the customer portal");
        Assert.True(IdeaHost.Has(await ClickAsync(GroupPm, "setIdeaStatus", SignedIdea(id, ("status", "UnderReview")), IdeasChannel), "Under review"));

        _graph.Update(GroupPm, u => u with { Groups = [] });
        _time.Advance(TimeSpan.FromMinutes(4));
        Assert.True(IdeaHost.Has(await ClickAsync(GroupPm, "setIdeaStatus", SignedIdea(id, ("status", "Planned")), IdeasChannel), "Planned"));

        _time.Advance(TimeSpan.FromMinutes(2)); // past Graph:GroupCacheDuration (5 minutes) since the answer
        var refused = await ClickAsync(GroupPm, "setIdeaStatus", SignedIdea(id, ("status", "Shipped")), IdeasChannel);
        Assert.True(IdeaHost.Has(refused, "product manager"), refused.ToJsonString());
        Assert.Equal(IdeaStatus.Planned, (await Ideas.FindAsync(id, default))!.Status);
    }

    [Fact]
    public async Task A_failed_look_up_refuses_changes_nothing_and_is_asked_again_on_the_next_click()
    {
        var id = await NewIdeaAsync("Two-factor sign-in by passkey");
        _graph.Fault((request, _) => request.Path.Value!.EndsWith("/checkMemberGroups", StringComparison.Ordinal), 500);

        var refused = await ClickAsync(GroupPm, "setIdeaStatus", SignedIdea(id, ("status", "Planned")), IdeasChannel);
        Assert.True(IdeaHost.Has(refused, "product manager"), refused.ToJsonString());
        Assert.Equal(IdeaStatus.New, (await Ideas.FindAsync(id, default))!.Status);

        var planned = await ClickAsync(GroupPm, "setIdeaStatus", SignedIdea(id, ("status", "Planned")), IdeasChannel);
        Assert.True(IdeaHost.Has(planned, "Planned"), planned.ToJsonString());
        Assert.Equal(IdeaStatus.Planned, (await Ideas.FindAsync(id, default))!.Status);
    }

    [Fact]
    public async Task A_throttled_look_up_gives_up_in_time_for_the_click_and_refuses()
    {
        var id = await NewIdeaAsync("Bulk edit of contact owners");
        _graph.Fault((request, _) => request.Path.Value!.EndsWith("/checkMemberGroups", StringComparison.Ordinal), 429, retryAfter: "60");

        var click = ClickAsync(GroupPm, "setIdeaStatus", SignedIdea(id, ("status", "Planned")), IdeasChannel);
        await _graph.ArrivalAsync(r => r.EndsWith("/checkMemberGroups", StringComparison.Ordinal)).WaitAsync(TimeSpan.FromSeconds(30));
        // Graph asks for a minute; the click waits Graph:GroupLookupTimeout (5 s) and is answered without the role.
        _time.Advance(TimeSpan.FromSeconds(6));
        var refused = await click.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(IdeaHost.Has(refused, "product manager"), refused.ToJsonString());
        Assert.Equal(IdeaStatus.New, (await Ideas.FindAsync(id, default))!.Status);
    }

    [Fact]
    public async Task A_supervisor_by_group_cancels_another_askers_question_and_an_agent_outside_it_may_not()
    {
        var questions = _app.Services.GetRequiredService<QuestionService>();
        var asker = new Actor(NamedPm, "Nestor Wilke", Chat(NamedPm));
        var question = await questions.AskAsync(new NewQuestion(asker, "Refund stuck in pending for a week", null, null, null, null, null), default);
        var data = SignedQuestion(question.Id);

        var refused = await ClickAsync(Agent, "cancelQuestion", data);
        Assert.True(IdeaHost.Has(refused, "Only the asker"), refused.ToJsonString());
        Assert.Equal(QuestionStatus.Open, (await questions.FindAsync(question.Id, default))!.Status);

        await ClickAsync(GroupSupervisor, "cancelQuestion", data);
        Assert.Equal(QuestionStatus.Cancelled, (await questions.FindAsync(question.Id, default))!.Status);
        Assert.Contains($"{GroupSupervisor}:{SupervisorGroup}", _graph.MembershipChecks);
    }

    [Theory]
    [InlineData(GroupPm, false, true)]   // no groups claim: looked up in Graph
    [InlineData(GroupPm, true, false)]   // a groups claim without the group: believed, no look-up
    [InlineData(Agent, false, false)]
    public async Task The_tab_looks_groups_up_only_when_the_token_has_no_groups_claim(string user, bool emptyClaim, bool pm)
    {
        var claims = TestJwt.EntraClaims($"https://login.microsoftonline.com/{Tenant}/v2.0", $"api://{Domain}/{AppId}", Tenant, _time.GetUtcNow());
        claims["oid"] = user;
        claims["name"] = "Someone";
        if (emptyClaim)
        {
            claims["groups"] = new JsonArray();
        }
        using var request = new HttpRequestMessage(HttpMethod.Get, "/tab/api/me");
        request.Headers.Authorization = new("Bearer", TestJwt.Sign(_entraKey, claims));
        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var me = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(pm, me["roles"]!["productManager"]!.GetValue<bool>());
        // One look-up answers all three roles (product manager, supervisor, admin), and none when the token has the claim.
        Assert.Equal(emptyClaim ? 0 : 1, _graph.MembershipChecks.Count(c => c.StartsWith(user, StringComparison.Ordinal)));
    }

    private async Task<long> NewIdeaAsync(string title)
    {
        var agent = new Actor(Agent, "Alex Wilber", Chat(Agent));
        var outcome = await Ideas.CreateAsync(new IdeaDraft(title, "The customer asked for it.", null, "Contoso", null, Importance.Important),
            CustomerFacts.None, agent, agent.Chat, $"test-{Guid.NewGuid():N}", default);
        return outcome.Idea!.Id;
    }

    private JsonObject SignedIdea(long id, params (string Key, string Value)[] fields) => Signed("ideaId", id, fields);

    private JsonObject SignedQuestion(long id) => Signed("questionId", id);

    /// <summary>Card data as the bot's own cards carry it: the record's id covered by the card seal, plus the inputs.</summary>
    private JsonObject Signed(string name, long id, params (string Key, string Value)[] fields)
    {
        var value = id.ToString(CultureInfo.InvariantCulture);
        var data = new JsonObject { [name] = value, [CardSeal.Field] = _app.Services.GetRequiredService<CardSeal>().Sign((name, value)) };
        foreach (var (key, field) in fields)
        {
            data[key] = field;
        }
        return data;
    }

    private static ConversationRef Chat(string user) => new(ServiceUrl, "msteams", $"a:chat-{user}", Tenant, "28:" + AppId, user);

    /// <summary>An Action.Execute invoke by <paramref name="user"/>, signed as the Bot Connector signs it; the invoke response.</summary>
    private async Task<JsonNode> ClickAsync(string user, string verb, JsonObject data, string? channel = null)
    {
        var activity = new JsonObject
        {
            ["type"] = "invoke",
            ["name"] = "adaptiveCard/action",
            ["id"] = $"i-{Guid.NewGuid():N}",
            ["channelId"] = "msteams",
            ["serviceUrl"] = ServiceUrl,
            ["from"] = new JsonObject { ["id"] = $"29:{user}", ["aadObjectId"] = user, ["name"] = "Someone" },
            ["recipient"] = new JsonObject { ["id"] = "28:" + AppId, ["name"] = "ExpertBot" },
            ["conversation"] = channel is null
                ? new JsonObject { ["id"] = $"a:chat-{user}", ["conversationType"] = "personal", ["tenantId"] = Tenant }
                : new JsonObject { ["id"] = channel, ["conversationType"] = "channel", ["tenantId"] = Tenant },
            ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = Tenant } },
            ["value"] = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data.DeepClone() } },
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", TestJwt.Sign(_botKey, TestJwt.BotConnectorClaims(AppId, ServiceUrl, _time.GetUtcNow())));
        using var response = await _client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!;
    }
}
