using System.Text.Json.Nodes;
using ExpertBot.Features.Conversation;

namespace ExpertBot.Tests.Cards;

public sealed class RenderCardCommandTests
{
    [Fact]
    public void Prints_the_bound_card()
    {
        var (code, stdout, stderr) = Run("render-card", CardRepo.TemplatePath("refusal"), "--data", CardRepo.SamplePath("refusal"));
        Assert.True(code == 0, stderr);
        var card = JsonNode.Parse(stdout)!;
        Assert.Equal(BoundCards.Get("refusal").ToJsonString(), card.ToJsonString());
    }

    [Theory]
    [InlineData("missing-template")]
    [InlineData("missing-data")]
    [InlineData("bad-data")]
    [InlineData("bad-template")]
    [InlineData("no-data-option")]
    public void Fails_with_a_message_on_bad_input(string problem)
    {
        var temp = Directory.CreateTempSubdirectory("expertbot-render-");
        try
        {
            var bad = Path.Combine(temp.FullName, "bad.json");
            File.WriteAllText(bad, problem == "bad-template" ? """{"text":"${1 +}"}""" : "{ not json");
            string[] args = problem switch
            {
                "missing-template" => ["render-card", Path.Combine(temp.FullName, "nope.json"), "--data", CardRepo.SamplePath("refusal")],
                "missing-data" => ["render-card", CardRepo.TemplatePath("refusal"), "--data", Path.Combine(temp.FullName, "nope.json")],
                "bad-data" => ["render-card", CardRepo.TemplatePath("refusal"), "--data", bad],
                "bad-template" => ["render-card", bad, "--data", CardRepo.SamplePath("refusal")],
                _ => ["render-card", CardRepo.TemplatePath("refusal")],
            };
            var (code, stdout, stderr) = Run(args);
            Assert.NotEqual(0, code);
            Assert.Equal("", stdout);
            Assert.False(string.IsNullOrWhiteSpace(stderr));
        }
        finally
        {
            temp.Delete(recursive: true);
        }
    }

    private static (int Code, string Stdout, string Stderr) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = RenderCardCommand.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
