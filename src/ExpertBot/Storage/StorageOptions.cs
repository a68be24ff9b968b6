using System.ComponentModel.DataAnnotations;

namespace ExpertBot.Storage;

internal enum StorageProvider
{
    Sqlite,
    Postgres,
}

internal enum SqliteSynchronous
{
    Normal,
    Full,
}

/// <summary>Which database ExpertBot keeps its state in (section "Storage", plus ConnectionStrings:ExpertBot).</summary>
internal sealed class StorageOptions
{
    public const string Section = "Storage";

    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>SQLite file; a relative path is under the app's content root. Its folder is created on first run.</summary>
    [Required]
    public string SqlitePath { get; set; } = Path.Combine("data", "expertbot.db");

    /// <summary>
    /// SQLite's fsync policy. Normal (with WAL): a commit survives any crash of the process, and only an OS crash or power
    /// loss can roll back the last commits; Full fsyncs every commit, surviving power loss at a cost in throughput.
    /// </summary>
    public SqliteSynchronous SqliteSynchronous { get; set; } = SqliteSynchronous.Normal;

    /// <summary>From ConnectionStrings:ExpertBot (the conventional place, so platform secret stores fill it).</summary>
    public string? ConnectionString { get; set; }
}
