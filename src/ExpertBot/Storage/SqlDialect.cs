using System.Data.Common;

namespace ExpertBot.Storage;

/// <summary>The few differences between the providers that raw SQL must know about.</summary>
internal sealed class SqlDialect
{
    public static readonly SqlDialect Sqlite = new(StorageProvider.Sqlite);
    public static readonly SqlDialect Postgres = new(StorageProvider.Postgres);

    private SqlDialect(StorageProvider provider) => Provider = provider;

    public StorageProvider Provider { get; }

    /// <summary>A timestamp parameter value as the column stores it (UTC ticks on SQLite, timestamptz on PostgreSQL).</summary>
    public object Time(DateTimeOffset value) => Provider == StorageProvider.Sqlite ? value.UtcTicks : value.ToUniversalTime();

    /// <summary>A timestamp column read back, the other way round from <see cref="Time"/>.</summary>
    public DateTimeOffset ReadTime(DbDataReader reader, int ordinal) => Provider == StorageProvider.Sqlite
        ? new DateTimeOffset(reader.GetInt64(ordinal), TimeSpan.Zero)
        : reader.GetFieldValue<DateTimeOffset>(ordinal);
}
