using ExpertBot.Features.Tab;

namespace ExpertBot.Tests.Tab;

public sealed class BenchTabCommandTests
{
    [Fact]
    public async Task A_small_run_prints_the_board_duplicate_check_and_insights_figures()
    {
        var output = new StringWriter();

        Assert.Equal(0, await BenchTabCommand.RunAsync(["bench-tab", "--ideas", "200", "--dup-ideas", "300", "--questions", "200", "--runs", "10"], output, TextWriter.Null));

        var text = output.ToString();
        Assert.Contains("board over 200 ideas", text, StringComparison.Ordinal);
        Assert.Contains("sort account value: p50 ", text, StringComparison.Ordinal);
        Assert.Contains("duplicate check over 300 ideas", text, StringComparison.Ordinal);
        Assert.Contains("insights over 200 questions", text, StringComparison.Ordinal);
        Assert.Matches(@"one pool \(Billing\), all 700 days \([0-9,]+ questions\): p50 [0-9.]+ ms", text);
    }

    [Fact]
    public async Task Help_prints_the_usage_and_bad_arguments_are_a_usage_error()
    {
        var help = new StringWriter();
        Assert.Equal(0, await BenchTabCommand.RunAsync(["bench-tab", "--help"], help, TextWriter.Null));
        Assert.Contains("usage: bench-tab", help.ToString(), StringComparison.Ordinal);
        var error = new StringWriter();
        Assert.Equal(2, await BenchTabCommand.RunAsync(["bench-tab", "--ideas", "5"], TextWriter.Null, error));
        Assert.Contains("usage: bench-tab", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, await BenchTabCommand.RunAsync(["bench-tab", "--runs", "many"], TextWriter.Null, TextWriter.Null));
        Assert.Equal(2, await BenchTabCommand.RunAsync(["bench-tab", "--questions", "50"], TextWriter.Null, TextWriter.Null));
    }
}
