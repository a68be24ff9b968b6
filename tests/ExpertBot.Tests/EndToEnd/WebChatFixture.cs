using System.Diagnostics;
using System.Globalization;

namespace ExpertBot.Tests.EndToEnd;

/// <summary>
/// Starts the real bot, then Web Chat served with offline-directline (tests/e2e/webchat/server.js)
/// connected to it. The bot must be up first: offline-directline crashes when the bot is unreachable.
/// </summary>
public sealed class WebChatFixture : IAsyncLifetime
{
    private ChildProcess? _bot;
    private ChildProcess? _server;

    public static string WebChatFolder => Path.Combine(PlaygroundFixture.RepoRoot, "tests", "e2e", "webchat");

    public static string OfflineDirectLine => Path.Combine(PlaygroundFixture.RepoRoot, "tests", "e2e", "node_modules", "offline-directline", "package.json");

    public const string Chromium = "/usr/bin/chromium";

    public Uri PageUrl { get; private set; } = null!;

    /// <summary>What the bot and the Direct Line server printed, for failure messages.</summary>
    public string Output => $"--- bot ---\n{_bot?.Output}\n--- offline-directline ---\n{_server?.Output}";

    public async Task InitializeAsync()
    {
        if (!File.Exists(OfflineDirectLine) || !File.Exists(Chromium))
        {
            return; // Tests skip (or fail under CI) via WebChatFactAttribute.
        }
        var botPort = Ports.Free();
        _bot = new ChildProcess(new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "ExpertBot.dll"), "--urls", $"http://127.0.0.1:{botPort}"])
        {
            WorkingDirectory = AppContext.BaseDirectory,
        }, "Application started");
        await _bot.ReadyAsync();

        var port = Ports.Free().ToString(CultureInfo.InvariantCulture);
        _server = new ChildProcess(new ProcessStartInfo("node", ["server.js", "--port", port, "--bot", $"http://127.0.0.1:{botPort}/api/messages"])
        {
            WorkingDirectory = WebChatFolder,
        }, "Listening on");
        await _server.ReadyAsync();
        PageUrl = new Uri($"http://127.0.0.1:{port}/");
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
        if (_bot is not null)
        {
            await _bot.DisposeAsync();
        }
    }
}

internal sealed class WebChatFactAttribute : FactAttribute
{
    public WebChatFactAttribute()
    {
        if ((!File.Exists(WebChatFixture.OfflineDirectLine) || !File.Exists(WebChatFixture.Chromium)) && !SharedFolder.MustRun)
        {
            Skip = "Web Chat/offline-directline or /usr/bin/chromium not installed (run ./test.sh, which installs them)";
        }
    }
}
