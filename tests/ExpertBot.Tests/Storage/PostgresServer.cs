using System.Diagnostics;
using Npgsql;

namespace ExpertBot.Tests.Storage;

/// <summary>
/// A real PostgreSQL server for the test run: initdb into a temp folder, started on a free loopback port (as the
/// postgres user when the tests run as root, since the server refuses root), stopped and deleted at the end.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"expertbot-pg-{Guid.NewGuid():N}");
    private int _port;
    private bool _started;

    /// <summary>The newest installed server's bin folder (Debian: /usr/lib/postgresql/N/bin), or null.</summary>
    public static string? BinDirectory { get; } = FindBinaries();

    private string DataDirectory => Path.Combine(_root, "data");

    private static bool IsRoot => Environment.UserName == "root";

    public async Task InitializeAsync()
    {
        if (BinDirectory is null)
        {
            return; // The Postgres rows of the storage theories are skipped (or fail under CI).
        }
        Directory.CreateDirectory(_root);
        if (IsRoot)
        {
            await RunAsync("chown", ["-R", "postgres", _root]);
        }
        await RunAsServerUserAsync("initdb", ["-D", DataDirectory, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
        _port = Ports.Free();
        // Durability settings off: this server holds throwaway test data and should be fast.
        var serverOptions = $"-p {_port} -k {_root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200";
        await RunAsServerUserAsync("pg_ctl", ["-D", DataDirectory, "-l", Path.Combine(_root, "server.log"), "-s", "-w", "-t", "60", "-o", serverOptions, "start"]);
        _started = true;
    }

    /// <summary>
    /// Stops the server as a crash would (immediate: no checkpoint, every connection dropped) and starts it again on the
    /// same port with the same options; returns once it accepts connections.
    /// </summary>
    public Task RestartAsync() =>
        RunAsServerUserAsync("pg_ctl", ["-D", DataDirectory, "-l", Path.Combine(_root, "server.log"), "-s", "-w", "-t", "60", "-m", "immediate", "restart"]);

    /// <summary>A new empty database; returns its connection string.</summary>
    public async Task<(string Name, string ConnectionString)> CreateDatabaseAsync()
    {
        if (!_started)
        {
            throw new InvalidOperationException($"PostgreSQL is not installed (no initdb under /usr/lib/postgresql/*/bin); run ./test.sh, which installs it.");
        }
        var name = $"t_{Guid.NewGuid():N}";
        await ExecuteAsync($"CREATE DATABASE {name}");
        return (name, $"Host=127.0.0.1;Port={_port};Username=postgres;Database={name}");
    }

    /// <summary>Drops the database, disconnecting whoever is still on it.</summary>
    public Task DropDatabaseAsync(string name) => ExecuteAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_started)
        {
            await RunAsServerUserAsync("pg_ctl", ["-D", DataDirectory, "-s", "-m", "immediate", "-w", "stop"]);
        }
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={_port};Username=postgres;Database=postgres;Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static Task RunAsServerUserAsync(string tool, IEnumerable<string> args)
    {
        var path = Path.Combine(BinDirectory!, tool);
        return IsRoot ? RunAsync("runuser", ["-u", "postgres", "--", path, .. args]) : RunAsync(path, args);
    }

    private static async Task RunAsync(string file, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {process.ExitCode}: {await stdout}{await stderr}");
        }
    }

    private static string? FindBinaries()
    {
        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root))
        {
            return null;
        }
        return Directory.GetDirectories(root)
            .Select(d => Path.Combine(d, "bin"))
            .Where(bin => File.Exists(Path.Combine(bin, "initdb")) && File.Exists(Path.Combine(bin, "pg_ctl")))
            .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var v) ? v : 0)
            .FirstOrDefault();
    }
}

[CollectionDefinition(Name)]
public sealed class StorageCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "Storage";
}
