using ExpertBot.Features.Routing;

namespace ExpertBot.Tests.Routing;

/// <summary>The benchmark's figures are not asserted (no timed tests); its own correctness check is: incremental updates are visible.</summary>
public sealed class BenchRoutingCommandTests
{
    [Fact]
    public void A_small_run_completes_and_sees_incremental_updates() =>
        Assert.Equal(0, BenchRoutingCommand.Run(["bench-routing", "--experts", "200", "--questions", "400", "--queries", "20"]));

    [Theory]
    [InlineData("--experts", "many")]
    [InlineData("--questions", "5")]
    [InlineData("--seed", "")]
    public void Bad_arguments_are_a_usage_error(string option, string value) =>
        Assert.Equal(2, BenchRoutingCommand.Run(["bench-routing", option, value]));
}
