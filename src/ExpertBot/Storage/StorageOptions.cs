using System.ComponentModel.DataAnnotations;

namespace ExpertBot.Storage;

internal enum StorageProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Which database ExpertBot keeps its state in (section "Storage", plus ConnectionStrings:ExpertBot).</summary>
internal sealed class StorageOptions
{
    public const string Section = "Storage";

    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>SQLite file; a relative path is under the app's content root. Its folder is created on first run.</summary>
    [Required]
    public string SqlitePath { get; set; } = Path.Combine("data", "expertbot.db");

    /// <summary>From ConnectionStrings:ExpertBot (the conventional place, so platform secret stores fill it).</summary>
    public string? ConnectionString { get; set; }
}
