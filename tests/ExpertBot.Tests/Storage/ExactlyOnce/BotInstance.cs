using System.Diagnostics;
using System.Globalization;

namespace ExpertBot.Tests.Storage.ExactlyOnce;

/// <summary>
/// The bot as deployed, in its own process (the app built beside the tests, run with <c>dotnet ExpertBot.dll</c>), on a
/// fixed loopback port, so it can be killed with SIGKILL and started again where the load balancer expects it.
/// </summary>
internal sealed class BotInstance : IAsyncDisposable
{
    private readonly IReadOnlyList<string> _arguments;
    private Process? _process;
    private TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly System.Text.StringBuilder _output = new();

    public BotInstance(int port, IEnumerable<string> arguments)
    {
        Port = port;
        Url = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
        _arguments = [Path.Combine(AppContext.BaseDirectory, "ExpertBot.dll"), "--urls", Url.ToString().TrimEnd('/'), .. arguments];
    }

    public int Port { get; }

    public Uri Url { get; }

    /// <summary>How many times it was killed.</summary>
    public int Kills { get; private set; }

    /// <summary>The last lines it printed (for failure messages).</summary>
    public string Tail
    {
        get
        {
            lock (_output)
            {
                var text = _output.ToString();
                return text.Length <= 4000 ? text : text[^4000..];
            }
        }
    }

    /// <summary>Starts it; completes when it printed that it listens (start-up, migrations and all).</summary>
    public Task StartAsync()
    {
        _process?.Dispose(); // The killed one.
        _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
        var start = new ProcessStartInfo("dotnet", _arguments)
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var ready = _ready;
        DataReceivedEventHandler onLine = (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }
            lock (_output)
            {
                _output.AppendLine(e.Data);
            }
            if (e.Data.Contains("Application started", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        };
        process.OutputDataReceived += onLine;
        process.ErrorDataReceived += onLine;
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"The bot on port {Port} exited:\n{Tail}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        return ready.Task.WaitAsync(TimeSpan.FromMinutes(2));
    }

    /// <summary><c>kill -9</c>: nothing of it runs on, nothing is flushed or released.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(); // SIGKILL on Linux.
            await process.WaitForExitAsync();
            Kills++;
        }
    }

    /// <summary>SIGTERM, as a deployment stops it: running jobs finish or are released, then it exits.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            using (var term = Process.Start(new ProcessStartInfo("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false }))
            {
                await term!.WaitForExitAsync();
            }
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(limit.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        _process?.Dispose();
    }
}
