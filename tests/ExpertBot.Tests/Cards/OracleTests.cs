using System.Text.Json.Nodes;
using ExpertBot.Cards;

namespace ExpertBot.Tests.Cards;

/// <summary>
/// Our engine against the official adaptivecards-templating 2.3.1 engine (node), on every card template with its
/// sample data and on the focused case corpus. The oracle runs once for the whole batch.
/// </summary>
public sealed class OracleTests
{
    private static readonly Lazy<Dictionary<string, JsonNode>> Oracle = new(RunOracle);

    public static TheoryData<string> Cards() => new(CardRepo.CardNames());

    public static TheoryData<string> Cases() => new(CardRepo.CaseNames());

    [Fact]
    public void TheCorpusCoversAtLeastFortyCases() => Assert.True(CardRepo.CaseNames().Count() >= 40, "fewer than 40 template cases");

    [Theory]
    [MemberData(nameof(Cards))]
    public void Card_binds_like_the_official_engine(string card) =>
        AssertSameAsOracle("card:" + card, CardRepo.Read(CardRepo.TemplatePath(card)), CardRepo.Read(CardRepo.SamplePath(card)), hasData: true);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Case_binds_like_the_official_engine(string name)
    {
        var @case = CardRepo.Read(Path.Combine(CardRepo.Cases, name + ".json")).AsObject();
        var hasData = @case.TryGetPropertyValue("data", out var data);
        AssertSameAsOracle("case:" + name, @case["template"], data, hasData);
    }

    private static void AssertSameAsOracle(string key, JsonNode? template, JsonNode? data, bool hasData)
    {
        var expected = Oracle.Value[key].AsObject();
        JsonNode? ours;
        try
        {
            var parsed = CardTemplate.Parse(template?.DeepClone());
            ours = hasData ? parsed.Expand(data) : parsed.ExpandWithoutData();
        }
        catch (TemplateException ex)
        {
            Assert.True(expected.ContainsKey("error"), $"{key}: we failed ({ex.Message}) but the official engine gave {expected["result"]?.ToJsonString()}");
            return;
        }
        Assert.False(expected.ContainsKey("error"), $"{key}: the official engine failed ({expected["error"]}) but we gave {ours?.ToJsonString()}");
        var difference = JsonCompare.FirstDifference(expected["result"], ours);
        Assert.True(difference is null, $"{key}: {difference}\nours:   {ours?.ToJsonString()}\noracle: {expected["result"]?.ToJsonString()}");
        if (hasData)
        {
            // The path messages take (data and result never built as node trees) binds the same.
            var element = CardTemplate.Parse(template?.DeepClone()).ExpandDataToElement(data);
            var direct = element is { } e ? JsonNode.Parse(e.GetRawText()) : null;
            var viaElement = JsonCompare.FirstDifference(expected["result"], direct);
            Assert.True(viaElement is null, $"{key} (to element): {viaElement}\nours:   {direct?.ToJsonString()}\noracle: {expected["result"]?.ToJsonString()}");
        }
    }

    private static Dictionary<string, JsonNode> RunOracle()
    {
        var batch = new JsonArray();
        foreach (var card in CardRepo.CardNames())
        {
            batch.Add(new JsonObject
            {
                ["name"] = "card:" + card,
                ["template"] = CardRepo.Read(CardRepo.TemplatePath(card)),
                ["data"] = CardRepo.Read(CardRepo.SamplePath(card)),
            });
        }
        foreach (var name in CardRepo.CaseNames())
        {
            var @case = CardRepo.Read(Path.Combine(CardRepo.Cases, name + ".json")).AsObject();
            var item = new JsonObject { ["name"] = "case:" + name, ["template"] = @case["template"]?.DeepClone() };
            if (@case.TryGetPropertyValue("data", out var data))
            {
                item["data"] = data?.DeepClone();
            }
            batch.Add(item);
        }
        return CardRepo.RunNode("expand.js", batch).AsArray()
            .ToDictionary(r => r!["name"]!.GetValue<string>(), r => r!);
    }
}
