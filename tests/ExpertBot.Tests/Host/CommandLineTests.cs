using System.Diagnostics;
using ExpertBot.Tests.Cards;

namespace ExpertBot.Tests.Host;

/// <summary>The commands that are not the server behave like commands: --help, and paths from where the user ran them.</summary>
public sealed class CommandLineTests
{
    [Theory]
    [InlineData("eval-routing")]
    [InlineData("eval-search")]
    [InlineData("bench-routing")]
    [InlineData("bench-search")]
    [InlineData("render-card")]
    [InlineData("package")]
    public async Task Every_command_prints_its_usage_on_help(string command)
    {
        var (exit, output, error) = await RunAsync(Path.GetTempPath(), null, command, "--help");

        Assert.True(exit == 0, error);
        Assert.Contains("usage:", output, StringComparison.Ordinal);
        Assert.Contains(command, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task File_arguments_are_read_from_the_directory_the_user_ran_the_command_in()
    {
        // The process starts elsewhere (as `dotnet run --project` starts it in the project's folder); the shell's PWD
        // says where the user was, and the relative paths are theirs.
        var (exit, output, error) = await RunAsync(Path.GetTempPath(), CardRepo.Root, "render-card", "cards/help.json", "--data", "cards/samples/help.data.json");

        Assert.True(exit == 0, error);
        Assert.Contains("\"type\": \"AdaptiveCard\"", output, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(string workingDirectory, string? pwd, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ExpertBot.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["PWD"] = pwd ?? workingDirectory;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(limit.Token);
        return (process.ExitCode, await output, await error);
    }
}
