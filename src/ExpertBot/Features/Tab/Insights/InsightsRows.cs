using System.Data.Common;
using System.Text;
using ExpertBot.Storage;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace ExpertBot.Features.Tab.Insights;

/// <summary>
/// The rows of one of the insights' reads, one at a time, the cells as numbers (times as UTC ticks) and text as reused
/// characters. On SQLite the statement is stepped through the native API the provider itself uses (one call per cell):
/// the insights read up to 200,000 rows per report, and Microsoft.Data.Sqlite's reader checks and converts every cell,
/// which cost about as much as SQLite's own work. On PostgreSQL an ordinary data reader.
/// </summary>
internal abstract class InsightsRows : IAsyncDisposable
{
    /// <summary>
    /// Runs <paramref name="sql"/> with its <c>@from</c> and <c>@to</c> times bound as the dialect stores them, and
    /// <c>@week0</c> (when it has one) the Monday of the week <paramref name="from"/> is in.
    /// </summary>
    public static async Task<InsightsRows> OpenAsync(DbConnection connection, SqlDialect dialect, string sql, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var week0 = new DateTimeOffset(Durations.WeekOf(from).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        (string Name, object Value)[] parameters = [("from", dialect.Time(from)), ("to", dialect.Time(to)), ("week0", dialect.Time(week0))];
        if (connection is SqliteConnection sqlite)
        {
            return new Native(sqlite, sql, parameters);
        }
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters.Where(p => sql.Contains("@" + p.Name, StringComparison.Ordinal)))
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        return new Reader(command, await command.ExecuteReaderAsync(ct));
    }

    public abstract ValueTask<bool> ReadAsync(CancellationToken ct);

    public abstract bool IsNull(int ordinal);

    public abstract long Int64(int ordinal);

    public abstract int Int32(int ordinal);

    public abstract bool Boolean(int ordinal);

    /// <summary>A timestamp as UTC ticks.</summary>
    public abstract long Ticks(int ordinal);

    /// <summary>A text cell's characters, valid until the next row.</summary>
    public abstract ReadOnlySpan<char> Text(int ordinal);

    public abstract ValueTask DisposeAsync();

    private sealed class Native : InsightsRows
    {
        private readonly sqlite3 _db;
        private readonly sqlite3_stmt _statement;
        private readonly char[][] _text;
        private int _rows;

        public Native(SqliteConnection connection, string sql, (string Name, object Value)[] parameters)
        {
            _db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
            SqliteException.ThrowExceptionForRC(raw.sqlite3_prepare_v2(_db, sql, out _statement), _db);
            _text = [.. Enumerable.Range(0, raw.sqlite3_column_count(_statement)).Select(_ => new char[64])];
            foreach (var (name, value) in parameters)
            {
                // Times are UTC ticks on SQLite (SqlDialect.Time): every parameter here is an integer.
                var index = raw.sqlite3_bind_parameter_index(_statement, "@" + name);
                if (index > 0)
                {
                    SqliteException.ThrowExceptionForRC(raw.sqlite3_bind_int64(_statement, index, (long)value), _db);
                }
            }
        }

        public override ValueTask<bool> ReadAsync(CancellationToken ct)
        {
            if ((++_rows & 4095) == 0)
            {
                ct.ThrowIfCancellationRequested();
            }
            var rc = raw.sqlite3_step(_statement);
            if (rc == raw.SQLITE_ROW)
            {
                return ValueTask.FromResult(true);
            }
            if (rc != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(rc, _db);
            }
            return ValueTask.FromResult(false);
        }

        public override bool IsNull(int ordinal) => raw.sqlite3_column_type(_statement, ordinal) == raw.SQLITE_NULL;

        public override long Int64(int ordinal) => raw.sqlite3_column_int64(_statement, ordinal);

        public override int Int32(int ordinal) => raw.sqlite3_column_int(_statement, ordinal);

        public override bool Boolean(int ordinal) => raw.sqlite3_column_int64(_statement, ordinal) != 0;

        public override long Ticks(int ordinal) => raw.sqlite3_column_int64(_statement, ordinal); // stored as UTC ticks (SqlDialect)

        public override ReadOnlySpan<char> Text(int ordinal)
        {
            var bytes = raw.sqlite3_column_blob(_statement, ordinal); // a text cell's UTF-8 bytes
            ref var buffer = ref _text[ordinal];
            if (buffer.Length < bytes.Length)
            {
                buffer = new char[bytes.Length];
            }
            return buffer.AsSpan(0, Encoding.UTF8.GetChars(bytes, buffer));
        }

        public override ValueTask DisposeAsync()
        {
            _statement.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    private sealed class Reader(DbCommand command, DbDataReader reader) : InsightsRows
    {
        public override async ValueTask<bool> ReadAsync(CancellationToken ct) => await reader.ReadAsync(ct);

        public override bool IsNull(int ordinal) => reader.IsDBNull(ordinal);

        public override long Int64(int ordinal) => reader.GetInt64(ordinal);

        public override int Int32(int ordinal) => reader.GetInt32(ordinal);

        public override bool Boolean(int ordinal) => reader.GetBoolean(ordinal);

        public override long Ticks(int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal).UtcTicks;

        public override ReadOnlySpan<char> Text(int ordinal) => reader.GetString(ordinal);

        public override async ValueTask DisposeAsync()
        {
            await reader.DisposeAsync();
            await command.DisposeAsync();
        }
    }
}
