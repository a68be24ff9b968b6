using Microsoft.Data.Sqlite;

namespace ExpertBot.Tests.Storage;

/// <summary>A fresh, empty database of one provider for one test, removed afterwards.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string Sqlite = "Sqlite";
    public const string Postgres = "Postgres";

    private readonly PostgresServer? _server;
    private readonly string? _postgresName;
    private readonly string? _folder;

    private TestDatabase(string provider, IReadOnlyDictionary<string, string?> settings, PostgresServer? server, string? postgresName, string? folder)
    {
        Provider = provider;
        Settings = settings;
        _server = server;
        _postgresName = postgresName;
        _folder = folder;
    }

    public string Provider { get; }

    /// <summary>The configuration that points the app at this database.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; }

    public static async Task<TestDatabase> CreateAsync(string provider, PostgresServer server)
    {
        if (provider == Postgres)
        {
            var (name, connectionString) = await server.CreateDatabaseAsync();
            return new TestDatabase(provider, new Dictionary<string, string?>
            {
                ["Storage:Provider"] = Postgres,
                ["ConnectionStrings:ExpertBot"] = connectionString,
            }, server, name, null);
        }
        // A folder that does not exist yet: the app must create it on first run.
        var folder = Path.Combine(Path.GetTempPath(), $"expertbot-db-{Guid.NewGuid():N}");
        return new TestDatabase(provider, new Dictionary<string, string?>
        {
            ["Storage:Provider"] = Sqlite,
            ["Storage:SqlitePath"] = Path.Combine(folder, "nested", "expertbot.db"),
        }, null, null, folder);
    }

    /// <summary>Takes the database away under a running app: the PostgreSQL database is dropped, the SQLite file deleted.</summary>
    public async Task MakeUnreachableAsync()
    {
        if (_server is not null)
        {
            await _server.DropDatabaseAsync(_postgresName!);
            Npgsql.NpgsqlConnection.ClearAllPools();
            return;
        }
        SqliteConnection.ClearAllPools(); // Pooled connections would keep the deleted file open.
        Directory.Delete(_folder!, recursive: true);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            await _server.DropDatabaseAsync(_postgresName!);
        }
        else
        {
            SqliteConnection.ClearAllPools();
            if (Directory.Exists(_folder))
            {
                Directory.Delete(_folder, recursive: true);
            }
        }
    }
}
