using System.Diagnostics;
using System.Globalization;

namespace ExpertBot.Tests.EndToEnd;

/// <summary>
/// One Microsoft 365 Agents Playground process (npm, pinned in tests/e2e) playing Teams for the bot at a given endpoint,
/// with the Contoso config in tests/e2e/playground. Fixtures that run the bot differently (child process, in-process
/// host on a fake clock) share this start.
/// </summary>
internal sealed class Playground : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private Playground(ChildProcess process, Uri url)
    {
        _process = process;
        Url = url;
    }

    public static string RepoRoot { get; } = FindRoot();

    public static string Cli => Path.Combine(RepoRoot, "tests", "e2e", "node_modules", "@microsoft", "m365agentsplayground", "cli.js");

    public static bool Installed => File.Exists(Cli);

    /// <summary>Its own HTTP + WebSocket API (what <see cref="PlaygroundDriver"/> drives).</summary>
    public Uri Url { get; }

    /// <summary>Starts it in front of <paramref name="botMessages"/> (the bot's /api/messages) and waits until it listens.</summary>
    public static async Task<Playground> StartAsync(Uri botMessages)
    {
        var start = new ProcessStartInfo("node",
            [Cli, "--app-endpoint", botMessages.ToString(), "--channel-id", "msteams",
             "--port", Ports.Free().ToString(CultureInfo.InvariantCulture), "--disable-telemetry"])
        {
            WorkingDirectory = Path.Combine(RepoRoot, "tests", "e2e", "playground"),
        };
        // Offline: no browser, no telemetry (both switches are needed); config errors are only in the log file.
        start.Environment["TEAMSAPPTESTER_BROWSER"] = "none";
        start.Environment["APPLICATION_INSIGHTS_NO_STATSBEAT"] = "true";
        start.Environment["M365_AGENTS_PLAYGROUND_LOGFILE"] = Path.Combine(Path.GetTempPath(), $"playground-{botMessages.Port}.log");
        var process = new ChildProcess(start, "Listening on");
        try
        {
            var line = await process.ReadyAsync();
            // It silently picks another port when the asked one is taken: trust what it printed.
            var port = new string(line[(line.IndexOf("Listening on", StringComparison.Ordinal) + 12)..].Where(char.IsDigit).ToArray());
            return new Playground(process, new Uri($"http://127.0.0.1:{port}/"));
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ExpertBot.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("ExpertBot.sln not found above the test output");
    }
}
