using System.Text.Json.Nodes;
using static ExpertBot.Tests.Packaging.ManifestTools;

namespace ExpertBot.Tests.Packaging;

/// <summary>The capabilities ExpertBot depends on, so that a manifest edit cannot silently drop one.</summary>
public sealed class ManifestContentTests
{
    private static readonly JsonNode Manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(ManifestDir, "manifest.json")))!;

    private static IEnumerable<string?> Strings(JsonNode? array) => array!.AsArray().Select(x => (string?)x);

    [Fact]
    public void Bot_talks_in_personal_team_and_group_chats_with_a_command_list_for_each()
    {
        var bot = Manifest["bots"]![0]!;

        Assert.Equal(["groupChat", "personal", "team"], Strings(bot["scopes"]).Order(StringComparer.Ordinal));
        Assert.False((bool)bot["supportsFiles"]!);
        var lists = bot["commandLists"]!.AsArray();
        Assert.Equal(["groupChat", "personal", "team"], lists.SelectMany(l => Strings(l!["scopes"])).Order(StringComparer.Ordinal));
        Assert.All(lists, list =>
        {
            var titles = list!["commands"]!.AsArray().Select(c => (string?)c!["title"]).ToList();
            Assert.Contains("ask", titles);
            Assert.Contains("idea", titles);
            Assert.Contains("help", titles);
            Assert.All(list["commands"]!.AsArray(), c => Assert.False(string.IsNullOrWhiteSpace((string?)c!["description"])));
        });
    }

    [Fact]
    public void Any_message_can_start_a_question()
    {
        var command = Manifest["composeExtensions"]![0]!["commands"]!.AsArray().Single(c => (string?)c!["title"] == "Ask experts about this message")!;

        Assert.Equal("action", (string?)command["type"]);
        Assert.Equal(["message"], Strings(command["context"]));
        Assert.False((bool)command["fetchTask"]!);
        Assert.Equal(["question", "details", "case"], command["parameters"]!.AsArray().Select(p => (string?)p!["name"]));
    }

    [Fact]
    public void Bot_reads_its_expert_threads_without_being_mentioned()
    {
        var permissions = Manifest["authorization"]!["permissions"]!["resourceSpecific"]!.AsArray();

        Assert.Contains(permissions, p => (string?)p!["name"] == "ChannelMessage.Read.Group" && (string?)p["type"] == "Application");
    }

    [Fact]
    public void Product_managers_have_a_personal_and_a_team_tab_with_sso_on_the_bots_domain()
    {
        var ideas = Manifest["staticTabs"]!.AsArray().Single(t => (string?)t!["entityId"] == "ideas")!;
        Assert.StartsWith("https://{{TeamsApp:Domain}}/", (string?)ideas["contentUrl"], StringComparison.Ordinal);
        Assert.Equal(["personal"], Strings(ideas["scopes"]));
        // My items, Insights and Admin are tabs of their own, each opening the page at its view.
        foreach (var (entity, view) in new[] { ("my", "my"), ("insights", "insights"), ("admin", "admin") })
        {
            var tab = Manifest["staticTabs"]!.AsArray().Single(t => (string?)t!["entityId"] == entity)!;
            Assert.Equal($"https://{{{{TeamsApp:Domain}}}}/tab/{view}?context=personal", (string?)tab["contentUrl"]);
            Assert.Equal(["personal"], Strings(tab["scopes"]));
            Assert.False(string.IsNullOrWhiteSpace((string?)tab["name"]));
        }

        var teamTab = Manifest["configurableTabs"]![0]!;
        Assert.StartsWith("https://{{TeamsApp:Domain}}/", (string?)teamTab["configurationUrl"], StringComparison.Ordinal);
        Assert.Contains("team", Strings(teamTab["scopes"]));

        Assert.Equal("api://{{TeamsApp:Domain}}/{{MicrosoftAppId}}", (string?)Manifest["webApplicationInfo"]!["resource"]);
        Assert.Equal(["{{TeamsApp:Domain}}"], Strings(Manifest["validDomains"]));
    }
}
