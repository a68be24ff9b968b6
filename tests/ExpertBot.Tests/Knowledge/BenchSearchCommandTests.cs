using ExpertBot.Features.Knowledge.Search;

namespace ExpertBot.Tests.Knowledge;

/// <summary>The benchmark's figures are not asserted (no timed tests); its own correctness check is: a restart embeds nothing again.</summary>
public sealed class BenchSearchCommandTests
{
    [Fact]
    public void A_small_run_completes_and_its_restart_embeds_nothing() =>
        Assert.Equal(0, BenchSearchCommand.Run(["bench-search", "--articles", "300", "--queries", "20"]));

    [Theory]
    [InlineData("--articles", "many")]
    [InlineData("--queries", "5")]
    [InlineData("--seed", "")]
    [InlineData("--Knowledge:Search:MaxPassages=0", "")]
    public void Bad_arguments_are_a_usage_error(string option, string value) =>
        Assert.Equal(2, BenchSearchCommand.Run(["bench-search", option, value]));
}
