using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ExpertBot.Storage;

/// <summary>
/// The configured database: creates EF contexts for features, and runs the hand-written hot-path writes (job enqueue,
/// claim and outcomes; a new question) with <see cref="WriteAsync{T}"/>: they need provider-specific SQL that EF does
/// not express (ON CONFLICT DO NOTHING, SKIP LOCKED, RETURNING); and the few hand-written hot-path reads with
/// <see cref="ReadAsync{T}"/>.
/// </summary>
internal sealed class ExpertBotDatabase : IAsyncDisposable
{
    private readonly NpgsqlDataSource? _postgres;
    private readonly string? _sqliteConnectionString;
    private readonly Func<ExpertBotDb> _createContext;
    private readonly SqlitePragmas? _pragmas;
    private readonly SqliteWriter? _writer;

    public ExpertBotDatabase(IOptions<StorageOptions> options, IHostEnvironment environment, ILoggerFactory loggers)
    {
        var o = options.Value;
        Provider = o.Provider;
        if (o.Provider == StorageProvider.Postgres)
        {
            _postgres = NpgsqlDataSource.Create(o.ConnectionString!);
            var contextOptions = new DbContextOptionsBuilder<PostgresExpertBotDb>().UseNpgsql(_postgres).UseLoggerFactory(loggers).ConfigureWarnings(SkipStartupModelDiff).Options;
            _createContext = new PooledDbContextFactory<PostgresExpertBotDb>(contextOptions).CreateDbContext;
            Dialect = SqlDialect.Postgres;
        }
        else
        {
            SqlitePath = Path.GetFullPath(o.SqlitePath, environment.ContentRootPath);
            // ReadWrite, not ReadWriteCreate: once running, a vanished file is an outage (readyz 503), not a silent
            // fresh empty database. The migrator creates the file on first run.
            _sqliteConnectionString = new SqliteConnectionStringBuilder { DataSource = SqlitePath, Mode = SqliteOpenMode.ReadWrite, Pooling = true }.ToString();
            _pragmas = new SqlitePragmas(o.SqliteSynchronous);
            WriteGate = new SqliteWriteGate();
            _writer = new SqliteWriter(SqlitePath, _sqliteConnectionString, _pragmas);
            var contextOptions = new DbContextOptionsBuilder<SqliteExpertBotDb>()
                .UseSqlite(_sqliteConnectionString).AddInterceptors(_pragmas, WriteGate).UseLoggerFactory(loggers).ConfigureWarnings(SkipStartupModelDiff).Options;
            _createContext = new PooledDbContextFactory<SqliteExpertBotDb>(contextOptions).CreateDbContext;
            Dialect = SqlDialect.Sqlite;
        }
    }

    public StorageProvider Provider { get; }

    /// <summary>On SQLite, the one writer's turn every write transaction of this process takes; null on PostgreSQL.</summary>
    public SqliteWriteGate? WriteGate { get; }

    /// <summary>
    /// Migrate() would otherwise diff the model against the last migration's snapshot on every start: about a tenth of
    /// the start-up CPU, all of it JIT-compiled EF design-time code. The test suite makes the same check
    /// (StorageStartupTests: a migration for every model change), so a model without its migration never ships.
    /// </summary>
    private static void SkipStartupModelDiff(WarningsConfigurationBuilder warnings) =>
        warnings.Ignore(RelationalEventId.PendingModelChangesWarning);

    internal SqlDialect Dialect { get; }

    /// <summary>Full path of the SQLite file; null on PostgreSQL.</summary>
    public string? SqlitePath { get; }

    /// <summary>
    /// A context from a pool (reset when disposed); the caller disposes it. Pooled because setting up a new context's
    /// services was about a tenth of a question turn's CPU (a turn uses several). Scoped <see cref="ExpertBotDb"/> is
    /// available from DI too.
    /// </summary>
    public ExpertBotDb CreateContext() => _createContext();

    private async Task<DbConnection> OpenConnectionAsync(CancellationToken ct)
    {
        if (_postgres is not null)
        {
            return await _postgres.OpenConnectionAsync(ct);
        }
        var connection = new SqliteConnection(_sqliteConnectionString);
        try
        {
            await connection.OpenAsync(ct);
            _pragmas!.Apply(connection);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Runs a hand-written read on a pooled connection (SQLite: with the pragmas of every connection; reads run beside
    /// the writer in WAL mode). For reads on a hot path that EF's query pipeline made cost more than the database did.
    /// </summary>
    public async Task<T> ReadAsync<T>(Func<DbConnection, SqlDialect, Task<T>> read, CancellationToken ct)
    {
        await using var connection = await OpenConnectionAsync(ct);
        return await read(connection, Dialect);
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one write transaction and commits it; rolls back when it throws. On SQLite it
    /// waits for the writers' turn and runs on the one writing connection with prepared statements (<see cref="SqliteWriter"/>);
    /// on PostgreSQL on a pooled connection. For hand-written hot-path writes; EF's own transactions take the same turn
    /// through <see cref="SqliteWriteGate"/>.
    /// </summary>
    public Task WriteAsync(Func<WriteScope, Task> work, CancellationToken ct) => WriteAsync(async scope =>
    {
        await work(scope);
        return true;
    }, ct);

    /// <inheritdoc cref="WriteAsync(Func{WriteScope, Task}, CancellationToken)"/>
    public async Task<T> WriteAsync<T>(Func<WriteScope, Task<T>> work, CancellationToken ct)
    {
        if (_postgres is not null)
        {
            await using var connection = await _postgres.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            await using var scope = new WriteScope(connection, transaction, Dialect, null);
            var result = await work(scope);
            await transaction.CommitAsync(ct);
            return result;
        }
        using var turn = await WriteGate!.EnterAsync(ct);
        var writer = _writer!;
        SqliteTransaction? tx = null;
        try
        {
            tx = writer.Begin();
            await using var scope = new WriteScope(writer.Connection, tx, Dialect, writer);
            var result = await work(scope);
            tx.Commit();
            return result;
        }
        catch
        {
            // Rolled back (disposing an uncommitted transaction does), and the writer starts over on a fresh connection,
            // whatever state the failure left this one in.
            try
            {
                tx?.Dispose();
            }
            finally
            {
                tx = null;
                writer.Reset();
            }
            throw;
        }
        finally
        {
            tx?.Dispose();
        }
    }

    /// <summary>Applies pending migrations; on SQLite first creates the folder and file and turns on WAL.</summary>
    public async Task MigrateAsync(CancellationToken ct)
    {
        if (SqlitePath is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(SqlitePath)!);
            var create = new SqliteConnectionStringBuilder(_sqliteConnectionString) { Mode = SqliteOpenMode.ReadWriteCreate }.ToString();
            await using var connection = new SqliteConnection(create);
            await connection.OpenAsync(ct);
            await using var wal = connection.CreateCommand();
            // WAL lets readers run beside the single writer, and the mode is stored in the file, so once is enough.
            wal.CommandText = "PRAGMA journal_mode=WAL;";
            await wal.ExecuteNonQueryAsync(ct);
        }
        await using var db = CreateContext();
        await db.Database.MigrateAsync(ct);
    }

    /// <summary>Throws unless the schema answers a query: the file or server is there and migrated.</summary>
    public async Task CheckReachableAsync(CancellationToken ct)
    {
        // Pooled connections keep a deleted file open and would answer from it.
        if (SqlitePath is not null && !File.Exists(SqlitePath))
        {
            throw new FileNotFoundException("The SQLite database file is gone.", SqlitePath);
        }
        await using var connection = await OpenConnectionAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM jobs WHERE id = -1";
        await command.ExecuteScalarAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        _writer?.Dispose();
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }
}
