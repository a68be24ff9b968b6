using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ExpertBot.Storage;

/// <summary>Per-connection SQLite settings, applied once to each physical connection (EF's connections and the raw ones alike).</summary>
internal sealed class SqlitePragmas(SqliteSynchronous synchronous) : DbConnectionInterceptor
{
    // busy_timeout: when another writer holds the file (another process, or a feature's SaveChanges beside the job
    // writer), SQLite waits in short steps; without it Microsoft.Data.Sqlite retries after sleeping far longer.
    private readonly string _sql = $"PRAGMA busy_timeout = 10000; PRAGMA synchronous = {synchronous.ToString().ToUpperInvariant()};";

    // Pragmas live as long as the native connection, which the pool keeps across opens: parsing and running them on
    // every open cost two statements per job-store round trip. Keyed weakly, so a connection the pool drops is forgotten.
    private readonly ConditionalWeakTable<object, object> _applied = [];

    public void Apply(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle } && _applied.TryGetValue(handle, out _))
        {
            return;
        }
        using (var command = connection.CreateCommand())
        {
            command.CommandText = _sql;
            command.ExecuteNonQuery();
        }
        if (connection is SqliteConnection { Handle: { } opened })
        {
            _applied.AddOrUpdate(opened, opened);
        }
    }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken)
    {
        Apply(connection);
        return Task.CompletedTask;
    }
}
