using System.Net;
using System.Text.Json.Nodes;
using ExpertBot.Features.Ideas;
using ExpertBot.Storage;
using ExpertBot.Storage.Jobs;
using ExpertBot.Teams;
using ExpertBot.Tests.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ExpertBot.Tests.Tab;

/// <summary>
/// The tab's API with auth on, against a local Entra OpenID/JWKS server: only a token Entra issued for the tab's
/// resource, to a user of the tenant, signed with the tenant's key and still valid, signs in; every endpoint enforces its
/// role on the server, and a refused change changes nothing.
/// </summary>
public sealed class TabApiTests : IAsyncLifetime
{
    private const string Pm = "0c000000-0000-4000-8000-0000000000a1";
    private const string Agent = "0a000000-0000-4000-8000-0000000000a2";
    private const string Other = "0a000000-0000-4000-8000-0000000000a3";

    private readonly TestKey _stranger = new("entra-tab-1"); // the same kid as the tenant's key, another key: a forgery
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 9, 0, 0, TimeSpan.Zero));
    private TabHost _host = null!;

    public Task InitializeAsync()
    {
        _host = new TabHost(_time, ("Roles:ProductManagers:0", Pm));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private JsonObject Claims(string user, string? audience = null, string? issuerTenant = null) => _host.Claims(user, audience, issuerTenant);

    private string Token(string user) => _host.Token(user);

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token, object? body = null) => _host.SendAsync(method, path, token, body);

    private async Task<long> SeedAsync(string title, string agent, params (string Customer, Importance Importance, long? Value)[] customers)
    {
        var ideas = _host.Services.GetRequiredService<IdeaService>();
        var actor = new Actor(agent, "Agent", new ConversationRef("https://smba.trafficmanager.net/amer/", "msteams", "a:1", TabHost.Tenant, "28:bot"));
        var created = await ideas.CreateAsync(new IdeaDraft(title, null, "Billing", null, null, Importance.Important), CustomerFacts.None, actor, actor.Chat, $"seed-{Guid.NewGuid():N}", default);
        foreach (var (customer, importance, value) in customers)
        {
            await ideas.VoteAsync(created.Idea!.Id, new IdeaDraft(title, null, null, customer, null, importance), new CustomerFacts(customer, value, null), actor, actor.Chat, default);
        }
        return created.Idea!.Id;
    }

    [Fact]
    public async Task Only_a_valid_token_of_the_tenants_user_for_the_tab_signs_in()
    {
        var me = await SendAsync(HttpMethod.Get, "/tab/api/me", Token(Pm));
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        var body = JsonNode.Parse(await me.Content.ReadAsStringAsync())!;
        Assert.Equal(Pm, body["id"]!.ToString());
        Assert.True(body["roles"]!["productManager"]!.GetValue<bool>());
        Assert.False(body["devSignIn"]!.GetValue<bool>());
        // The app id itself is an accepted audience too.
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, "/tab/api/me", _host.Sign(Claims(Agent, audience: TabHost.AppId)))).StatusCode);

        var expired = Claims(Pm);
        expired["exp"] = TestJwt.Epoch(_time.GetUtcNow().AddMinutes(-10));
        var userless = Claims(Pm);
        userless.Remove("oid");
        var refused = new Dictionary<string, string?>
        {
            ["missing"] = null,
            ["not a JWT"] = "not-a-token",
            ["tampered"] = TestJwt.WithPayload(Token(Agent), Claims(Pm)),
            ["expired"] = _host.Sign(expired),
            ["wrong audience"] = _host.Sign(Claims(Pm, audience: "api://other.example/" + TabHost.AppId)),
            ["other tenant"] = _host.Sign(Claims(Pm, issuerTenant: "11111111-2222-3333-4444-555555555555")),
            ["forged"] = TestJwt.Sign(_stranger, Claims(Pm)),
            ["unsigned"] = TestJwt.Compose(new JsonObject { ["alg"] = "none", ["kid"] = _host.KeyId }, Claims(Pm), null),
            ["no user"] = _host.Sign(userless),
        };
        foreach (var (name, token) in refused)
        {
            var response = await SendAsync(HttpMethod.Get, "/tab/api/me", token);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{name}: {response.StatusCode}");
        }
        // The local demo's sign-in does not exist with auth on.
        Assert.Equal(HttpStatusCode.NotFound, (await _host.Client.GetAsync("/tab/dev/users")).StatusCode);
        using var dev = new HttpRequestMessage(HttpMethod.Get, "/tab/api/me");
        dev.Headers.Add("X-ExpertBot-User", Pm);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _host.Client.SendAsync(dev)).StatusCode);
    }

    [Fact]
    public async Task The_board_filters_sorts_and_pages_for_product_managers_only()
    {
        var few = await SeedAsync("Few customers", Agent, ("Fabrikam", Importance.NiceToHave, 10));
        var many = await SeedAsync("Many customers", Agent, ("Fabrikam", Importance.Important, 10), ("Contoso", Importance.Important, 20), ("Tailspin", Importance.Important, 30));
        var rich = await SeedAsync("Rich customer", Agent, ("Northwind", Importance.Critical, 1_000_000));

        async Task<List<long>> Ids(string query)
        {
            var response = await SendAsync(HttpMethod.Get, "/tab/api/ideas" + query, Token(Pm));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return [.. JsonNode.Parse(await response.Content.ReadAsStringAsync())!["ideas"]!.AsArray().Select(i => i!["id"]!.GetValue<long>())];
        }

        Assert.Equal([many, rich, few], await Ids("?sort=customers"));
        Assert.Equal([rich, many, few], await Ids("?sort=value"));
        Assert.Equal([many, rich, few], await Ids("?sort=score")); // 2+2+2 = 6 > 3 > 1
        Assert.Equal([rich, many, few], await Ids("?sort=newest"));
        Assert.Empty(await Ids("?status=Planned"));
        Assert.Equal(3, (await Ids("?product=Billing&from=2026-12-04&to=2026-12-04")).Count);
        Assert.Empty(await Ids("?from=2026-12-05"));
        Assert.Equal(3, (await Ids("?owner=none")).Count);

        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(HttpMethod.Get, "/tab/api/ideas?sort=random", Token(Pm))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(HttpMethod.Get, "/tab/api/ideas?status=Done", Token(Pm))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(HttpMethod.Get, "/tab/api/ideas?from=04.12.2026", Token(Pm))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Get, "/tab/api/ideas", Token(Agent))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Get, "/tab/api/ideas/products", Token(Agent))).StatusCode);
        Assert.Equal(["Billing"], JsonNode.Parse(await (await SendAsync(HttpMethod.Get, "/tab/api/ideas/products", Token(Pm))).Content.ReadAsStringAsync())!.AsArray().Select(p => p!.ToString()));
    }

    [Fact]
    public async Task Only_a_product_manager_changes_an_idea_and_a_refused_or_bad_change_changes_nothing()
    {
        var id = await SeedAsync("PDF export", Agent, ("Fabrikam", Importance.Critical, null));
        var other = await SeedAsync("Print to PDF", Other, ("Contoso", Importance.Important, null));
        var ideas = _host.Services.GetRequiredService<IdeaService>();

        // The agent who raised it sees it; someone else who is not a PM does not (and cannot tell it exists).
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, $"/tab/api/ideas/{id}", Token(Agent))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, $"/tab/api/ideas/{id}", Token(Other))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, "/tab/api/ideas/999999", Token(Pm))).StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Post, $"/tab/api/ideas/{id}/status", Token(Agent), new { status = "Shipped" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Post, $"/tab/api/ideas/{id}/response", Token(Agent), new { response = "Soon" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Post, $"/tab/api/ideas/{other}/merge", Token(Agent), new { into = $"IDEA-{id}" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(HttpMethod.Post, $"/tab/api/ideas/{id}/status", Token(Pm), new { status = "Merged" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(HttpMethod.Post, $"/tab/api/ideas/{id}/status", Token(Pm), new { status = "7" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(HttpMethod.Post, $"/tab/api/ideas/{id}/response", Token(Pm), new { response = new string('x', 4001) })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(HttpMethod.Post, $"/tab/api/ideas/{other}/merge", Token(Pm), new { into = "the other one" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await SendAsync(HttpMethod.Post, $"/tab/api/ideas/{id}/merge", Token(Pm), new { into = $"IDEA-{id}" })).StatusCode);
        var untouched = (await ideas.FindAsync(id, default))!;
        Assert.Equal(IdeaStatus.New, untouched.Status);
        Assert.Null(untouched.Response);
        Assert.Equal(0, await NotifyJobsAsync());

        var planned = await SendAsync(HttpMethod.Post, $"/tab/api/ideas/{id}/status", Token(Pm), new { status = "Planned", response = "In the March release." });
        Assert.Equal(HttpStatusCode.OK, planned.StatusCode);
        var idea = (await ideas.FindAsync(id, default))!;
        Assert.Equal(IdeaStatus.Planned, idea.Status);
        Assert.Equal("In the March release.", idea.Response);
        Assert.Equal(Pm, idea.OwnerId);
        Assert.Equal(1, await NotifyJobsAsync()); // the one agent, committed with the change

        var merged = await SendAsync(HttpMethod.Post, $"/tab/api/ideas/{other}/merge", Token(Pm), new { into = $"IDEA-{id}" });
        Assert.Equal(HttpStatusCode.OK, merged.StatusCode);
        Assert.Equal(IdeaStatus.Merged, (await ideas.FindAsync(other, default))!.Status);
        Assert.Equal(2, (await ideas.FindAsync(id, default))!.Customers.Count);

        // My items: the agent sees the ideas they raised with the response.
        var my = JsonNode.Parse(await (await SendAsync(HttpMethod.Get, "/tab/api/my", Token(Agent))).Content.ReadAsStringAsync())!;
        Assert.Contains(my["ideas"]!.AsArray(), i => i!["response"]?.ToString() == "In the March release.");
    }

    private async Task<int> NotifyJobsAsync()
    {
        await using var db = _host.Services.GetRequiredService<ExpertBotDatabase>().CreateContext();
        return await db.Set<Job>().CountAsync(j => j.Kind == "ideas.notify");
    }
}
