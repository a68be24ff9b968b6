using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ExpertBot.Tests.Host;

/// <summary>The real bot host on its own temporary SQLite file (deleted on dispose), so test hosts never share state.</summary>
public class BotApp : WebApplicationFactory<Program>
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "expertbot-test-" + Guid.NewGuid().ToString("N"));

    public string DatabasePath => Path.Combine(_folder, "expertbot.db");

    protected override void ConfigureWebHost(IWebHostBuilder builder) =>
        builder.UseSetting("Storage:SqlitePath", DatabasePath);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
        GC.SuppressFinalize(this);
    }
}
