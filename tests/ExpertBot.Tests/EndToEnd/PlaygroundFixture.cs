using System.Diagnostics;

namespace ExpertBot.Tests.EndToEnd;

/// <summary>Starts the real bot (a child process, real clock) and the Microsoft 365 Agents Playground connected to it.</summary>
public sealed class PlaygroundFixture : IAsyncLifetime
{
    private ChildProcess? _bot;

    /// <summary>The end of the bot's log, for a failure message: what it did while the test waited.</summary>
    public string BotLogTail(int chars = 6000) => _bot?.Output is { } all ? all[Math.Max(0, all.Length - chars)..] : "";
    private Playground? _playground;
    private string? _database;

    public static string RepoRoot => Playground.RepoRoot;

    public static string PlaygroundCli => Playground.Cli;

    public Uri PlaygroundUrl { get; private set; } = null!;

    /// <summary>
    /// Run on the demo company as shipped (the README walkthrough). Otherwise the Identity pool's five members, the
    /// Playground's users, all know single sign-on: routing asks only people tied to a question, and the flow tests need a
    /// step of three experts (one declines, another takes it).
    /// </summary>
    public bool ShippedDirectory { get; init; }

    /// <summary>The bot's SQLite file, for checking what the Playground cannot show (read-only).</summary>
    public string DatabaseFile => Path.Combine(_database ?? throw new InvalidOperationException("Not started"), "expertbot.db");

    public async Task InitializeAsync()
    {
        if (!Playground.Installed)
        {
            return; // Tests skip (or fail under CI) via PlaygroundFactAttribute.
        }
        var botPort = Ports.Free();
        var botDll = Path.Combine(AppContext.BaseDirectory, "ExpertBot.dll");
        // A fresh database per run, so nothing an earlier run stored (an activity id a new Playground reuses) is taken
        // for a redelivery.
        _database = Path.Combine(Path.GetTempPath(), $"expertbot-e2e-{Guid.NewGuid():N}");
        // Questions open to the company: Alex, an agent and the only user whose chats the Playground streams, follows the
        // experts' questions in the follow test (by default only a question's own people may; the host tests cover that).
        // Every test of the fixture asks the same five identity experts, within one day of the bot's clock: at the shipped
        // budget (10 invitations a day each) the later tests would find the experts used up, and which tests ran first would
        // decide how many get invited. The budget itself is covered by the routing tests.
        string[] args = [botDll, "--urls", $"http://127.0.0.1:{botPort}", "--Storage:SqlitePath", DatabaseFile, "--Questions:OpenToCompany", "true",
            "--Routing:DefaultDailyInvitations", "1000"];
        if (!ShippedDirectory)
        {
            args = [.. args, "--Directory:JsonPath", Contoso.IdentityExpertsDirectory(_database)];
        }
        _bot = new ChildProcess(new ProcessStartInfo("dotnet", args)
        {
            WorkingDirectory = AppContext.BaseDirectory,
        }, "Application started");
        await _bot.ReadyAsync();

        _playground = await Playground.StartAsync(new Uri($"http://127.0.0.1:{botPort}/api/messages"));
        PlaygroundUrl = _playground.Url;
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
}

internal sealed class PlaygroundFactAttribute : FactAttribute
{
    public PlaygroundFactAttribute()
    {
        if (!Playground.Installed && !SharedFolder.MustRun)
        {
            Skip = "Agents Playground not installed (run ./test.sh, which installs it)";
        }
    }
}
