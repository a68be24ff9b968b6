using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ExpertBot.Tests.Host;

/// <summary>
/// The real bot host. By default on its own temporary SQLite file (deleted on dispose), so test hosts never share
/// state; <see cref="With"/> points it at a given database and settings instead.
/// </summary>
public class BotApp : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly string? _folder;

    public BotApp()
        : this([])
    {
    }

    /// <summary>On its own temporary SQLite file (and vector cache), with <paramref name="settings"/> on top of appsettings.json.</summary>
    protected BotApp(params (string Key, string Value)[] settings)
    {
        _folder = Path.Combine(Path.GetTempPath(), "expertbot-test-" + Guid.NewGuid().ToString("N"));
        var all = new Dictionary<string, string?>
        {
            ["Storage:SqlitePath"] = Path.Combine(_folder, "expertbot.db"),
            ["Knowledge:Search:CacheFolder"] = Path.Combine(_folder, "embeddings"),
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }
        _settings = all;
    }

    protected BotApp(IReadOnlyDictionary<string, string?> settings) => _settings = settings;

    /// <summary>A host on these settings (e.g. a test database's); the caller owns the database.</summary>
    public static BotApp With(IReadOnlyDictionary<string, string?> settings, params (string Key, string Value)[] more)
    {
        var all = new Dictionary<string, string?>(settings);
        foreach (var (key, value) in more)
        {
            all[key] = value;
        }
        return new BotApp(all);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_folder is not null && Directory.Exists(_folder))
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_folder, recursive: true);
        }
        GC.SuppressFinalize(this);
    }
}
