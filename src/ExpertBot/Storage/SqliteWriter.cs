using Microsoft.Data.Sqlite;

namespace ExpertBot.Storage;

/// <summary>
/// On SQLite, the one connection this process writes its hot paths through (the job store's group commits, a new
/// question): opened once, kept open, and used only by the holder of the writers' turn (<see cref="SqliteWriteGate"/>).
/// Short-lived pooled connections cost twice on every write. In WAL mode a connection drops its whole page cache when
/// another connection wrote since its last transaction, so each write began by reading again every b-tree page it
/// touched (about 12 cache drops per question turn, seen with perf probes). And Microsoft.Data.Sqlite keeps a prepared
/// statement only as long as its command, so each statement was parsed and planned again (about 12 per turn). Here the
/// cache stays warm between this connection's own writes, and each statement text is prepared once.
/// </summary>
internal sealed class SqliteWriter(string path, string connectionString, SqlitePragmas pragmas) : IDisposable
{
    // Statement texts come from code (constants, and multi-row inserts per row count), so the set is small; the cap only
    // guards against a caller that builds texts from data.
    private const int MaxStatements = 128;

    private readonly Dictionary<string, SqliteCommand> _statements = new(StringComparer.Ordinal);
    private SqliteConnection? _connection;

    /// <summary>The open connection (opened on first use). Only with the writers' turn held.</summary>
    public SqliteConnection Connection
    {
        get
        {
            if (_connection is null)
            {
                var connection = new SqliteConnection(connectionString);
                try
                {
                    connection.Open();
                    pragmas.Apply(connection);
                }
                catch
                {
                    connection.Dispose();
                    throw;
                }
                _connection = connection;
            }
            return _connection;
        }
    }

    /// <summary>
    /// Begins a write transaction. A connection kept open would go on writing into a database file that was deleted
    /// or moved away underneath it (Linux keeps the unlinked file for it), and everything written then would be lost:
    /// so each write first checks that the file is still there, and otherwise starts over on a really new connection,
    /// which fails (the file is opened read-write, never created once running).
    /// </summary>
    public SqliteTransaction Begin()
    {
        if (_connection is not null && !File.Exists(path))
        {
            // The pool would hand the same open file back: drop it so the next open really looks for the file.
            SqliteConnection.ClearPool(_connection);
            Reset();
        }
        return Connection.BeginTransaction();
    }

    /// <summary>
    /// The prepared command for <paramref name="sql"/> in <paramref name="transaction"/>, its parameters cleared for the
    /// caller to add. Owned here: the caller does not dispose it. Only with the writers' turn held.
    /// </summary>
    public SqliteCommand Statement(string sql, SqliteTransaction transaction)
    {
        if (!_statements.TryGetValue(sql, out var command))
        {
            if (_statements.Count >= MaxStatements)
            {
                DisposeStatements();
            }
            command = Connection.CreateCommand();
            command.CommandText = sql;
            _statements[sql] = command;
        }
        command.Transaction = transaction;
        command.Parameters.Clear();
        return command;
    }

    /// <summary>
    /// Closes the connection after a failed write (a full disk, a file replaced underneath): the next write opens a fresh
    /// one rather than trusting a connection in an unknown state.
    /// </summary>
    public void Reset()
    {
        DisposeStatements();
        _connection?.Dispose();
        _connection = null;
    }

    public void Dispose() => Reset();

    private void DisposeStatements()
    {
        foreach (var command in _statements.Values)
        {
            command.Dispose();
        }
        _statements.Clear();
    }
}
