using System.Text.Json.Nodes;
using ExpertBot.Features.Routing;

namespace ExpertBot.Tests.Routing;

public sealed class EvalRoutingCommandTests
{
    [Fact]
    public void Writes_one_full_pool_ranking_per_query_on_a_small_fixture()
    {
        var dir = Directory.CreateTempSubdirectory("eval-routing-").FullName;
        File.WriteAllLines(Path.Combine(dir, "history.jsonl"),
        [
            """{"qid":"10","title":"gauge symmetry breaking","body":"higgs mechanism","tags":["particle-physics"],"asker_id":"9","answerer_ids":["1","2"],"accepted_answerer_id":"1"}""",
            """{"qid":"11","title":"entropy of ideal gas","body":"","tags":["thermodynamics"],"asker_id":"9","answerer_ids":["3"],"accepted_answerer_id":"3","answers":[{"answer_id":"12","user_id":"3","accepted":true,"text_nsw":""}]}""",
        ]);
        File.WriteAllLines(Path.Combine(dir, "profiles.jsonl"), ["""{"user_id":"1"}""", """{"user_id":"2"}""", """{"user_id":"3"}""", """{"user_id":"4"}"""]);
        File.WriteAllLines(Path.Combine(dir, "queries.jsonl"),
        [
            """{"qid":"20","title":"why does the higgs give mass","body":"","tags":["particle-physics"],"asker_id":"4"}""",
            """{"qid":"21","title":"gas entropy","body":"","tags":["thermodynamics"],"asker_id":"1"}""",
        ]);
        var output = Path.Combine(dir, "run.jsonl");

        Assert.Equal(0, EvalRoutingCommand.Run(["eval-routing", "--data", dir, "--out", output]));

        var lines = File.ReadAllLines(output).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(["20", "21"], lines.Select(l => l["qid"]!.GetValue<string>()));
        var first = lines[0]["ranking"]!.AsArray().Select(x => x!.GetValue<string>()).ToList();
        Assert.Equal(["1", "2", "3"], first); // asker 4 excluded; accepted answerer first
        var second = lines[1]["ranking"]!.AsArray().Select(x => x!.GetValue<string>()).ToList();
        Assert.Equal("3", second[0]);
        Assert.DoesNotContain("1", second);
    }

    [Fact]
    public void Missing_arguments_are_a_usage_error() =>
        Assert.Equal(2, EvalRoutingCommand.Run(["eval-routing", "--data"]));

    [Fact]
    public void A_folder_without_the_data_files_is_an_error_and_writes_nothing()
    {
        var dir = Directory.CreateTempSubdirectory("eval-routing-empty-").FullName;
        var output = Path.Combine(dir, "run.jsonl");

        Assert.Equal(2, EvalRoutingCommand.Run(["eval-routing", "--data", dir, "--out", output]));
        Assert.False(File.Exists(output));
    }

    /// <summary>
    /// Guards routing quality on the real data: the floors are the measured MRR (physics 0.187, mathoverflow 0.192)
    /// minus a small margin, well above the best baseline (BM25 Model 2: 0.163 / 0.165).
    /// </summary>
    [SharedTheory]
    [InlineData("physics", 0.182)]
    [InlineData("mathoverflow", 0.187)]
    public void Stays_at_the_measured_quality_on_real_data(string site, double baselineMrr)
    {
        var data = Path.Combine(SharedFolder.Path!, "data", "expert-routing", site);
        var output = Path.Combine(Directory.CreateTempSubdirectory("eval-").FullName, "run.jsonl");
        Assert.Equal(0, EvalRoutingCommand.Run(["eval-routing", "--data", data, "--out", output]));

        var accepted = File.ReadLines(Path.Combine(data, "queries.jsonl")).Select(l => JsonNode.Parse(l)!)
            .ToDictionary(q => q["qid"]!.GetValue<string>(), q => q["accepted_answerer_id"]?.GetValue<string>());
        var reciprocal = File.ReadLines(output).Select(l => JsonNode.Parse(l)!).Select(run =>
        {
            var ranking = run["ranking"]!.AsArray().Select(x => x!.GetValue<string>()).ToList();
            var at = ranking.IndexOf(accepted[run["qid"]!.GetValue<string>()] ?? "");
            return at < 0 ? 0 : 1.0 / (at + 1);
        }).ToList();

        Assert.Equal(accepted.Count, reciprocal.Count);
        Assert.True(reciprocal.Average() > baselineMrr, $"MRR {reciprocal.Average():F4} is not above the baseline {baselineMrr}");
    }
}
