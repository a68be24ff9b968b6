using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ExpertBot.Storage;

/// <summary>Per-connection SQLite settings, applied on every open (EF's connections and the raw ones alike).</summary>
internal sealed class SqlitePragmas(SqliteSynchronous synchronous) : DbConnectionInterceptor
{
    // busy_timeout: when another writer holds the file (another process, or a feature's SaveChanges beside the job
    // writer), SQLite waits in short steps; without it Microsoft.Data.Sqlite retries after sleeping far longer.
    private readonly string _sql = $"PRAGMA busy_timeout = 10000; PRAGMA synchronous = {synchronous.ToString().ToUpperInvariant()};";

    public void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = _sql;
        command.ExecuteNonQuery();
    }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken)
    {
        Apply(connection);
        return Task.CompletedTask;
    }
}
