using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace ExpertBot.Storage;

/// <summary>
/// One write transaction of <see cref="ExpertBotDatabase.WriteAsync{T}"/>: its connection, its transaction and the
/// statements run in it. On SQLite the statements are the writer's prepared ones (<see cref="SqliteWriter"/>); on
/// PostgreSQL they are new commands, disposed with the scope.
/// </summary>
internal sealed class WriteScope : IAsyncDisposable
{
    private readonly SqliteWriter? _writer;
    private readonly List<DbCommand> _owned = [];

    public WriteScope(DbConnection connection, DbTransaction transaction, SqlDialect dialect, SqliteWriter? writer)
    {
        Connection = connection;
        Transaction = transaction;
        Dialect = dialect;
        _writer = writer;
    }

    public DbConnection Connection { get; }

    public DbTransaction Transaction { get; }

    public SqlDialect Dialect { get; }

    /// <summary>A command for <paramref name="sql"/> in this transaction, with no parameters yet. The scope owns it.</summary>
    public DbCommand Statement(string sql)
    {
        if (_writer is not null)
        {
            return _writer.Statement(sql, (SqliteTransaction)Transaction);
        }
        var command = Connection.CreateCommand();
        command.Transaction = Transaction;
        command.CommandText = sql;
        _owned.Add(command);
        return command;
    }

    /// <summary>Adds a named parameter to <paramref name="command"/> and returns it, so a caller can rerun with new values.</summary>
    public static DbParameter Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in _owned)
        {
            await command.DisposeAsync();
        }
        _owned.Clear();
    }
}
