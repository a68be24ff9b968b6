using System.Text.Json.Nodes;
using ExpertBot.Cards;

namespace ExpertBot.Tests.Cards;

/// <summary>Every card template bound to its sample data by our engine (computed once per test run).</summary>
internal static class BoundCards
{
    private static readonly Lazy<Dictionary<string, JsonNode>> All = new(() => CardRepo.CardNames().ToDictionary(
        name => name,
        name => CardTemplate.Parse(File.ReadAllText(CardRepo.TemplatePath(name))).Expand(CardRepo.Read(CardRepo.SamplePath(name)))
            ?? throw new InvalidDataException($"{name} expanded to nothing")));

    public static JsonNode Get(string name) => All.Value[name];

    public static JsonArray Batch() => new(All.Value.Select(p => (JsonNode)new JsonObject { ["name"] = p.Key, ["card"] = p.Value.DeepClone() }).ToArray());
}
