using System.Text.Json.Nodes;

namespace ExpertBot.Tests.Cards;

/// <summary>
/// Every card in its states, as the product builds it (the bare and the full question, each case-note state, an empty and a
/// long list), rendered by the official renderer in Chromium with Teams' light and dark host configs: no parse or validation
/// problem in either theme, and a screenshot of each in artifacts/card-screenshots/{light,dark}/ for people to review.
/// </summary>
public sealed class CardScreenshotTests
{
    public static TheoryData<string> Themes() => new("light", "dark");

    [SharedTheory]
    [MemberData(nameof(Themes))]
    public void Every_card_state_renders_in_the_teams_theme_without_problems(string theme)
    {
        var cards = new JsonArray([.. CardTextTests.Build(full: false).Select(c => (Name: $"{Slug(c.Name)}.bare", c.Card))
            .Concat(CardTextTests.Build(full: true).Select(c => (Name: $"{Slug(c.Name)}.full", c.Card)))
            .Select(c => (JsonNode)new JsonObject { ["name"] = c.Name, ["card"] = c.Card.DeepClone() })]);

        var results = CardRepo.RunNode("render.js", cards,
            Path.Combine(SharedFolder.Path!, "specs", "AdaptiveCards", "samples", "HostConfig", $"microsoft-teams-{theme}.json"), "{input}",
            Path.Combine(CardRepo.Root, "artifacts", "card-screenshots", theme)).AsArray();

        Assert.Equal(cards.Count, results.Count);
        Assert.All(results, r =>
        {
            var problems = r!["problems"]!.AsArray().Select(p => p!.GetValue<string>()).ToList();
            Assert.True(problems.Count == 0, $"{r["name"]} ({theme}): {string.Join("\n", problems)}");
            Assert.True(new FileInfo(r["screenshot"]!.GetValue<string>()).Length > 0, $"{r["name"]}: no screenshot");
        });
    }

    private static string Slug(string name) => new([.. name.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-')]);
}
