using System.Text;
using System.Text.Json.Nodes;

namespace ExpertBot.Tests.Cards;

/// <summary>
/// Every bound card validates against the Adaptive Card 1.5 schema (ajv), renders without warnings in the official
/// renderer with the Teams light host config (headless Chromium, screenshots in artifacts/card-screenshots/),
/// and stays inside what Teams accepts (version 1.5 at most, about 28 KB, Action.Execute with a Submit fallback).
/// </summary>
public sealed class CardQualityTests
{
    private static readonly Lazy<Dictionary<string, JsonNode>> SchemaResults = new(() => ByName(CardRepo.RunNode("validate.js", BoundCards.Batch(),
        Path.Combine(SharedFolder.Path!, "specs", "AdaptiveCards", "schemas", "1.5.0", "adaptive-card.json"), "{input}")));

    private static readonly Lazy<Dictionary<string, JsonNode>> RenderResults = new(() => ByName(CardRepo.RunNode("render.js", BoundCards.Batch(),
        Path.Combine(SharedFolder.Path!, "specs", "AdaptiveCards", "samples", "HostConfig", "microsoft-teams-light.json"), "{input}",
        Path.Combine(CardRepo.Root, "artifacts", "card-screenshots"))));

    public static TheoryData<string> Cards() => new(CardRepo.CardNames());

    [SharedTheory]
    [MemberData(nameof(Cards))]
    public void Validates_against_the_Adaptive_Card_1_5_schema(string card)
    {
        var errors = SchemaResults.Value[card]["errors"]!.AsArray();
        Assert.True(errors.Count == 0, $"{card}: {string.Join("\n", errors.Select(e => e!.GetValue<string>()).TakeLast(5))}");
    }

    [SharedTheory]
    [MemberData(nameof(Cards))]
    public void Renders_in_the_official_renderer_without_warnings(string card)
    {
        var result = RenderResults.Value[card];
        var problems = result["problems"]!.AsArray().Select(p => p!.GetValue<string>()).ToList();
        Assert.True(problems.Count == 0, $"{card}: {string.Join("\n", problems)}");
        Assert.True(new FileInfo(result["screenshot"]!.GetValue<string>()).Length > 0, "no screenshot written");
    }

    [Theory]
    [MemberData(nameof(Cards))]
    public void Stays_inside_Teams_limits(string card)
    {
        var template = CardRepo.Read(CardRepo.TemplatePath(card));
        var bound = BoundCards.Get(card);
        Assert.Equal("1.5", bound["version"]?.GetValue<string>());
        Assert.True(Encoding.UTF8.GetByteCount(bound.ToJsonString()) < 28 * 1024, $"{card} is over 28 KB bound");
        foreach (var action in Descendants(template).OfType<JsonObject>().Where(o => o["type"]?.GetValue<string>() == "Action.Execute"))
        {
            Assert.False(string.IsNullOrEmpty(action["verb"]?.GetValue<string>()), $"{card}: an Action.Execute without a verb");
            Assert.Equal("Action.Submit", action["fallback"]?["type"]?.GetValue<string>());
            Assert.Equal(action["verb"]?.GetValue<string>(), action["fallback"]?["data"]?["verb"]?.GetValue<string>());
        }
        // Action.Submit only as the fallback of an Action.Execute: state changes go through the invoke.
        Assert.All(Descendants(template).OfType<JsonObject>().Where(o => o["type"]?.GetValue<string>() == "Action.Submit"),
            submit => Assert.Equal("Action.Execute", (submit.Parent as JsonObject)?["type"]?.GetValue<string>()));
    }

    private static IEnumerable<JsonNode> Descendants(JsonNode? node)
    {
        if (node is null)
        {
            yield break;
        }
        yield return node;
        var children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a.AsEnumerable(),
            _ => [],
        };
        foreach (var child in children)
        {
            foreach (var d in Descendants(child))
            {
                yield return d;
            }
        }
    }

    private static Dictionary<string, JsonNode> ByName(JsonNode results) =>
        results.AsArray().ToDictionary(r => r!["name"]!.GetValue<string>(), r => r!);
}
