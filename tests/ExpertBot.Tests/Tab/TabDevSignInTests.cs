using System.Net;
using System.Text.Json.Nodes;
using ExpertBot.Tests.Host;

namespace ExpertBot.Tests.Tab;

/// <summary>The local demo (auth off, loopback only): sign in as anyone of the directory; nobody else; the page and its assets are served.</summary>
public sealed class TabDevSignInTests(BotApp app) : IClassFixture<BotApp>
{
    private const string Alex = "1a000000-0000-4000-8000-000000000000"; // in the demo directory

    [Fact]
    public async Task Anyone_of_the_directory_signs_in_by_id_and_nobody_else()
    {
        var client = app.CreateClient();
        var people = JsonNode.Parse(await client.GetStringAsync("/tab/dev/users"))!.AsArray();
        Assert.Contains(people, p => p!["id"]!.ToString() == Alex && p["name"]!.ToString() == "Alex Wilber");

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/tab/api/me")).StatusCode);
        using var stranger = new HttpRequestMessage(HttpMethod.Get, "/tab/api/me");
        stranger.Headers.Add("X-ExpertBot-User", "0b000000-0000-4000-8000-00000000dead");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(stranger)).StatusCode);

        using var alex = new HttpRequestMessage(HttpMethod.Get, "/tab/api/me");
        alex.Headers.Add("X-ExpertBot-User", Alex);
        var me = JsonNode.Parse(await (await client.SendAsync(alex)).Content.ReadAsStringAsync())!;
        Assert.Equal("Alex Wilber", me["name"]!.ToString());
        Assert.True(me["devSignIn"]!.GetValue<bool>());
        Assert.False(me["roles"]!["productManager"]!.GetValue<bool>());
    }

    [Fact]
    public async Task The_page_and_the_teams_client_library_are_served_from_the_app()
    {
        var client = app.CreateClient();
        var page = await client.GetAsync("/tab/ideas");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("Ideas board", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal); // nothing from a CDN
        // Every static tab of the manifest opens the same page (at its view).
        foreach (var view in new[] { "/tab/my", "/tab/insights", "/tab/admin" })
        {
            Assert.Equal(html, await client.GetStringAsync(view));
        }
        var teamsJs = await client.GetAsync("/tab/teams-js.js");
        Assert.Equal(HttpStatusCode.OK, teamsJs.StatusCode); // built from tab/node_modules (test.sh installs it)
        Assert.Contains("getAuthToken", await teamsJs.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
