using System.Globalization;
using System.Text.RegularExpressions;
using ExpertBot.Features.Ideas;

namespace ExpertBot.Tests.Ideas;

/// <summary>eval-ideas on a small made-up set whose answers are known, its usage errors, and on the shared duplicate reports.</summary>
public sealed class EvalIdeasCommandTests
{
    [Fact]
    public async Task A_duplicate_found_counts_and_a_report_with_no_confident_match_is_offered_nothing()
    {
        var dir = Directory.CreateTempSubdirectory("eval-ideas-").FullName;
        File.WriteAllLines(Path.Combine(dir, "articles.jsonl"),
        [
            """{"id":"a-1","title":"Export the usage report as PDF","body":"auditors want a pdf of the monthly usage report","product":"billing"}""",
            """{"id":"a-2","title":"Dark mode in the agent console","body":"night shift agents want a dark theme","product":"console"}""",
            """{"id":"a-3","title":"Single sign-on with Okta","body":"admins want okta sso for the portal","product":"identity"}""",
        ]);
        File.WriteAllLines(Path.Combine(dir, "queries.jsonl"),
        [
            """{"id":"q-1","title":"usage report as a PDF file","body":"","relevant":["a-1"],"product":"billing","overlap":"high"}""",
            """{"id":"q-2","title":"okta single sign-on","body":"","relevant":["a-3"],"product":"identity","overlap":"high"}""",
            """{"id":"q-3","title":"refund for a cancelled order","body":"","relevant":["a-2"],"product":"console","overlap":"low"}""",
        ]);
        var output = new StringWriter();

        Assert.Equal(0, await EvalIdeasCommand.RunAsync(["eval-ideas", "--data", dir, "--cache", Path.Combine(dir, "cache")], output, TextWriter.Null));

        // Three ideas: every ranking of five holds them all; what the agent is shown holds only the confident matches,
        // and the unrelated report (q-3) is offered nothing.
        Assert.Contains("3 ideas, 3 new reports", output.ToString(), StringComparison.Ordinal);
        Assert.True(output.ToString().Contains("Recall@5 1.000, Recall@5 shown 0.667", StringComparison.Ordinal), output.ToString());
        Assert.True(output.ToString().Contains("high: R@5 1.000, shown 1.000; low: R@5 1.000, shown 0.000", StringComparison.Ordinal), output.ToString());
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public async Task Help_prints_the_usage_and_bad_arguments_are_a_usage_error()
    {
        var help = new StringWriter();
        Assert.Equal(0, await EvalIdeasCommand.RunAsync(["eval-ideas", "--help"], help, TextWriter.Null));
        Assert.Contains("usage: eval-ideas --data", help.ToString(), StringComparison.Ordinal);

        var error = new StringWriter();
        Assert.Equal(2, await EvalIdeasCommand.RunAsync(["eval-ideas"], TextWriter.Null, error));
        Assert.Contains("usage: eval-ideas", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, await EvalIdeasCommand.RunAsync(["eval-ideas", "--data", "x", "--min-confidence", "2"], TextWriter.Null, TextWriter.Null));
        var missing = new StringWriter();
        Assert.Equal(2, await EvalIdeasCommand.RunAsync(["eval-ideas", "--data", Directory.CreateTempSubdirectory("eval-ideas-empty-").FullName], TextWriter.Null, missing));
        Assert.Contains("articles.jsonl is missing", missing.ToString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// The duplicate check over the real duplicate-report set stays at the Recall@5 measured on 2026-12-04 (docs/ideas.md:
    /// 0.801, issue 18's target 0.80), with a small margin. Vectors come from the same cache as eval-search's test.
    /// </summary>
    [SharedFact]
    public async Task Finds_the_duplicate_in_its_first_five_for_four_reports_in_five_on_the_shared_set()
    {
        var data = Path.Combine(SharedFolder.Path!, "data", "kb-search");
        var cache = Path.Combine(Path.GetTempPath(), "expertbot-eval-search-cache");
        var output = new StringWriter();

        Assert.Equal(0, await EvalIdeasCommand.RunAsync(["eval-ideas", "--data", data, "--cache", cache], output, TextWriter.Null));

        var recall = Regex.Match(output.ToString(), @"Recall@5 (\d\.\d+),");
        Assert.True(recall.Success, output.ToString());
        Assert.True(double.Parse(recall.Groups[1].Value, CultureInfo.InvariantCulture) >= 0.795, output.ToString());
    }
}
