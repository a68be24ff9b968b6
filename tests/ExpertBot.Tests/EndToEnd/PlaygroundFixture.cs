using System.Diagnostics;

namespace ExpertBot.Tests.EndToEnd;

/// <summary>Starts the real bot and the Microsoft 365 Agents Playground (npm, pinned in tests/e2e) connected to it.</summary>
public sealed class PlaygroundFixture : IAsyncLifetime
{
    private ChildProcess? _bot;
    private ChildProcess? _playground;
    private string? _database;

    public static string RepoRoot { get; } = FindRoot();

    public static string PlaygroundCli => Path.Combine(RepoRoot, "tests", "e2e", "node_modules", "@microsoft", "m365agentsplayground", "cli.js");

    public Uri PlaygroundUrl { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(PlaygroundCli))
        {
            return; // Tests skip (or fail under CI) via PlaygroundFactAttribute.
        }
        var botPort = Ports.Free();
        var botDll = Path.Combine(AppContext.BaseDirectory, "ExpertBot.dll");
        // A fresh database per run, so nothing an earlier run stored (an activity id a new Playground reuses) is taken
        // for a redelivery.
        _database = Path.Combine(Path.GetTempPath(), $"expertbot-e2e-{Guid.NewGuid():N}");
        _bot = new ChildProcess(new ProcessStartInfo("dotnet",
            [botDll, "--urls", $"http://127.0.0.1:{botPort}", "--Storage:SqlitePath", Path.Combine(_database, "expertbot.db")])
        {
            WorkingDirectory = AppContext.BaseDirectory,
        }, "Application started");
        await _bot.ReadyAsync();

        var start = new ProcessStartInfo("node",
            [PlaygroundCli, "--app-endpoint", $"http://127.0.0.1:{botPort}/api/messages", "--channel-id", "msteams",
             "--port", Ports.Free().ToString(System.Globalization.CultureInfo.InvariantCulture), "--disable-telemetry"])
        {
            WorkingDirectory = Path.Combine(RepoRoot, "tests", "e2e", "playground"),
        };
        start.Environment["TEAMSAPPTESTER_BROWSER"] = "none";
        start.Environment["APPLICATION_INSIGHTS_NO_STATSBEAT"] = "true";
        start.Environment["M365_AGENTS_PLAYGROUND_LOGFILE"] = Path.Combine(Path.GetTempPath(), $"playground-{botPort}.log");
        _playground = new ChildProcess(start, "Listening on");
        var line = await _playground.ReadyAsync();
        // It silently picks another port when the asked one is taken: trust what it printed.
        var port = new string(line[(line.IndexOf("Listening on", StringComparison.Ordinal) + 12)..].Where(char.IsDigit).ToArray());
        PlaygroundUrl = new Uri($"http://127.0.0.1:{port}/");
    }

    public async Task DisposeAsync()
    {
        if (_playground is not null)
        {
            await _playground.DisposeAsync();
        }
        if (_bot is not null)
        {
            await _bot.DisposeAsync();
        }
        if (_database is not null && Directory.Exists(_database))
        {
            Directory.Delete(_database, recursive: true);
        }
    }


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

internal sealed class PlaygroundFactAttribute : FactAttribute
{
    public PlaygroundFactAttribute()
    {
        if (!File.Exists(PlaygroundFixture.PlaygroundCli) && !SharedFolder.MustRun)
        {
            Skip = "Agents Playground not installed (run ./test.sh, which installs it)";
        }
    }
}
