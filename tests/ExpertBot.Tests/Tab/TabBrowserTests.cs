using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ExpertBot.Tests.Cards;
using ExpertBot.Tests.Connector;
using ExpertBot.Tests.EndToEnd;

namespace ExpertBot.Tests.Tab;

/// <summary>
/// The tab in headless Chromium against the real bot (a child process, auth off on loopback): a product manager signs in,
/// filters the board, opens an idea, plans it with a response and merges a duplicate into it, in the light, dark and
/// high-contrast themes; axe-core finds no serious or critical violation on any page view; the agent who raised the idea
/// gets the update 1:1 (at the stand-in Bot Connector). The same person (also an admin here) looks at the insights, whose
/// charts are drawn and described, downloads their CSV by keyboard, and opens the admin page.
/// Screenshots: artifacts/screenshots/tab/{theme}/{page}.png.
/// </summary>
public sealed class TabBrowserTests
{
    private const string Alex = "1a000000-0000-4000-8000-000000000000";
    private const string Adele = "1a000000-0000-4000-8000-000000000002";
    private const string Patti = "1a000000-0000-4000-8000-000000000004"; // Principal Product Manager

    [BrowserFact]
    public async Task A_product_manager_plans_and_merges_ideas_in_every_theme_and_axe_finds_nothing_serious()
    {
        await using var connector = new FakeBotConnector();
        var port = Ports.Free();
        var data = Directory.CreateTempSubdirectory("expertbot-tab-").FullName;
        var baseUrl = $"http://127.0.0.1:{port}";
        try
        {
            await using (var bot = new ChildProcess(new ProcessStartInfo("dotnet",
            [
                Path.Combine(AppContext.BaseDirectory, "ExpertBot.dll"), "--urls", baseUrl, "--Storage:SqlitePath", Path.Combine(data, "expertbot.db"),
                "--Knowledge:Search:CacheFolder", Path.Combine(data, "embeddings"), "--Roles:ProductManagers:0", Patti, "--Roles:Admins:0", Patti,
            ]) { WorkingDirectory = AppContext.BaseDirectory }, "Application started"))
            {
                await bot.ReadyAsync();
                using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
                await CreateAsync(http, connector, Alex, "Export the usage report as PDF", "Fabrikam", "critical");
                await CreateAsync(http, connector, Adele, "Dark mode for the agent console", "Contoso", "important");
                var duplicate = await CreateAsync(http, connector, Adele, "Usage report download in PDF format", "Tailspin", "important");

                var output = CardRepo.RunNode(Path.Combine("..", "tab", "browse.js"), new JsonObject(), baseUrl, Patti, duplicate,
                    Path.Combine(CardRepo.Root, "artifacts", "screenshots", "tab"), Alex);

                Assert.Equal(3, output["boardRows"]!.GetValue<int>());
                Assert.True(output["saved"]!.GetValue<bool>(), output.ToJsonString());
                Assert.True(output["merged"]!.GetValue<bool>(), output.ToJsonString());
                var views = output["views"]!.AsArray();
                // sign-in, board, idea, my items, insights, admin, Alex's insights and admin tabs refused, page errors; per theme
                Assert.Equal(3 * 9, views.Count);
                var serious = views.SelectMany(v => v!["violations"]!.AsArray().Select(x => (Where: $"{v["theme"]}/{v["page"]}", Violation: x!)))
                    .Where(x => x.Violation["impact"]?.ToString() is "serious" or "critical").ToList();
                Assert.True(serious.Count == 0, string.Join("\n", serious.Select(s => $"{s.Where}: {s.Violation.ToJsonString()}")));

                // Insights: every chart drawn by Chart.js (served from npm), named in words, with its numbers in a table; the
                // funnel counts the three ideas as they are now; the CSV downloads by keyboard. Admin: the demo's three pools.
                var insights = output["insights"]!;
                Assert.True(insights["chartJs"]!.GetValue<bool>(), output.ToJsonString());
                Assert.Equal(8, insights["charts"]!.GetValue<int>());
                Assert.Equal(8, insights["drawn"]!.GetValue<int>());
                Assert.Equal(8, insights["tables"]!.GetValue<int>());
                Assert.True(insights["named"]!.GetValue<bool>());
                Assert.StartsWith("3 ideas raised in the period, by their status now: 1 New, 1 Planned, 1 Merged", insights["funnel"]!.ToString(), StringComparison.Ordinal);
                Assert.Matches(@"^insights-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$", output["csv"]!["name"]!.ToString());
                Assert.Equal("section,item,measure,value", output["csv"]!["head"]!.ToString());
                Assert.Equal(3, output["adminPools"]!.GetValue<int>());
                // Alex (an agent) opening the Insights and Admin tabs is told they are not for his role, shown nothing of
                // them, and offered his own items.
                var denied = output["denied"]!;
                Assert.Equal("Insights is not for your role", denied["insights"]!["title"]!.ToString());
                Assert.StartsWith("Insights is for product managers, supervisors and admins. You are signed in as Alex Wilber", denied["insights"]!["text"]!.ToString(), StringComparison.Ordinal);
                Assert.Equal("Admin is not for your role", denied["admin"]!["title"]!.ToString());
                Assert.StartsWith("Admin is for admins. You are signed in as Alex Wilber", denied["admin"]!["text"]!.ToString(), StringComparison.Ordinal);
                Assert.All(new[] { denied["insights"]!, denied["admin"]! }, d => Assert.False(d["chartsShown"]!.GetValue<bool>() || d["adminShown"]!.GetValue<bool>()));
                Assert.Equal("My items", denied["myItems"]!.ToString());

                // The planned idea is stored as the page said, and its agent is told 1:1.
                var target = output["target"]!.ToString();
                using var check = new HttpRequestMessage(HttpMethod.Get, $"/tab/api/ideas/{target["IDEA-".Length..]}");
                check.Headers.Add("X-ExpertBot-User", Patti);
                var idea = JsonNode.Parse(await (await http.SendAsync(check)).Content.ReadAsStringAsync())!;
                Assert.Equal("Planned", idea["status"]!.ToString());
                Assert.Equal("Planned for the March release.", idea["response"]!.ToString());
                Assert.Equal(2, idea["customers"]!.AsArray().Count); // its own and the merged duplicate's
                var note = await connector.NextAsync(r => CardRepoHas(r.Body, "Good news: your request is planned."), within: 100);
                Assert.NotNull(note.Body);
            }
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>An idea created through the real /api/messages as Teams posts a card click; its number.</summary>
    private static async Task<string> CreateAsync(HttpClient http, FakeBotConnector connector, string user, string title, string customer, string importance)
    {
        var activity = new JsonObject
        {
            ["type"] = "invoke", ["id"] = $"i-{Guid.NewGuid():N}", ["channelId"] = "msteams", ["serviceUrl"] = connector.ServiceUrl, ["name"] = "adaptiveCard/action",
            ["from"] = new JsonObject { ["id"] = $"29:{user}", ["aadObjectId"] = user, ["name"] = user == Alex ? "Alex Wilber" : "Adele Vance" },
            ["recipient"] = new JsonObject { ["id"] = "28:bot", ["name"] = "ExpertBot" },
            ["conversation"] = new JsonObject { ["id"] = $"a:chat-{user}", ["conversationType"] = "personal", ["tenantId"] = "t-contoso" },
            ["value"] = new JsonObject
            {
                ["action"] = new JsonObject
                {
                    ["type"] = "Action.Execute", ["verb"] = "createIdea",
                    ["data"] = new JsonObject { ["title"] = title, ["customer"] = customer, ["importance"] = importance, ["product"] = "Billing" },
                },
            },
        };
        var response = await http.PostAsJsonAsync("/api/messages", activity);
        var text = await response.Content.ReadAsStringAsync();
        var at = text.IndexOf("IDEA-", StringComparison.Ordinal);
        Assert.True(response.IsSuccessStatusCode && at >= 0, text);
        return new string([.. text[at..].TakeWhile(c => c == '-' || char.IsAsciiLetterOrDigit(c))]);
    }

    private static readonly System.Text.Json.JsonSerializerOptions AsTyped = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static bool CardRepoHas(JsonNode? node, string text) => node?.ToJsonString().Contains(text, StringComparison.Ordinal) == true
        || System.Text.Json.JsonSerializer.Serialize(node, AsTyped).Contains(text, StringComparison.Ordinal);
}

/// <summary>Runs when Chromium and the npm clients are installed (./test.sh); always under CI.</summary>
internal sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        var ready = File.Exists("/usr/bin/chromium") && Directory.Exists(Path.Combine(CardRepo.Root, "tests", "e2e", "node_modules", "axe-core"));
        if (!ready && !SharedFolder.MustRun)
        {
            Skip = "Chromium or the npm clients are missing (run ./test.sh, which installs them)";
        }
    }
}
