using System.Text;
using System.Text.Json.Nodes;
using ExpertBot.Storage;
using ExpertBot.Storage.Jobs;
using ExpertBot.Tests.Connector;
using ExpertBot.Tests.Host;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ExpertBot.Tests.Storage.ExactlyOnce;

/// <summary>
/// The real host on its own SQLite file and a fake clock, with no worker of its own: the test runs "instances" (job
/// runners, each with its own lease owner) one at a time and kills them at crash points (<see cref="KillSwitch"/>). Teams
/// is the stand-in Bot Connector, which records every request.
/// </summary>
internal sealed class CrashHost : IAsyncDisposable
{
    public const string Tenant = "t-contoso";

    /// <summary>Short, so a killed instance's jobs are claimable after <see cref="LeaseRunsOutAsync"/>; the fake clock stays near its start.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(2);

    private readonly BotApp _root = new();
    private readonly WebApplicationFactory<Program> _app;
    private readonly HttpClient _client;
    private int _instances;

    public CrashHost()
    {
        _app = _root.WithWebHostBuilder(web =>
        {
            web.UseSetting("Storage:Jobs:WorkerEnabled", "false");
            web.UseSetting("Storage:Jobs:LeaseDuration", "00:00:02");
            web.UseSetting("Storage:Jobs:HeartbeatInterval", "00:00:01");
            // No knowledge suggestion first: every question goes to experts, so the invitation steps run.
            web.UseSetting("Questions:SuggestionConfidence", "1");
            web.ConfigureTestServices(services =>
            {
                services.AddSingleton<TimeProvider>(Clock);
                services.AddSingleton<ICrashInjector>(Kills);
            });
        });
        _client = _app.CreateClient();
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 12, 4, 9, 0, 0, TimeSpan.Zero));

    public KillSwitch Kills { get; } = new();

    public FakeBotConnector Connector { get; } = new();

    public IServiceProvider Services => _app.Services;

    /// <summary>Posts an activity to /api/messages; the turn is stored (this host runs no job itself).</summary>
    public async Task PostAsync(string activity)
    {
        using var content = new StringContent(activity, Encoding.UTF8, "application/json");
        using var response = await _client.PostAsync("/api/messages", content);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>
    /// A new instance runs every due job, one at a time, until none is left or it is killed at <paramref name="killAt"/>;
    /// returns the point it was killed at, or null.
    /// </summary>
    public async Task<string?> RunInstanceAsync(string? killAt)
    {
        var runner = ActivatorUtilities.CreateInstance<JobRunner>(Services);
        var killed = Kills.Run($"instance-{++_instances}", killAt);
        while (true)
        {
            var (claimed, done) = await runner.StartRoundAsync(new JobClaim(runner.Owner, 1, Lease), default);
            if (claimed == 0)
            {
                return null;
            }
            if (await Task.WhenAny(done, killed) == killed)
            {
                return await killed;
            }
            await done;
        }
    }

    /// <summary>Time passes beyond the lease of a killed instance's job.</summary>
    public void LeaseRunsOut() => Clock.Advance(Lease + TimeSpan.FromSeconds(1));

    /// <summary>A Teams message from <paramref name="user"/> in their 1:1 chat with the bot.</summary>
    public string Message(string user, string id, string text) => new JsonObject
    {
        ["type"] = "message",
        ["id"] = id,
        ["text"] = text,
        ["channelId"] = "msteams",
        ["serviceUrl"] = Connector.ServiceUrl,
        ["from"] = new JsonObject { ["id"] = $"29:{user}", ["aadObjectId"] = user, ["name"] = "Alex Wilber" },
        ["recipient"] = new JsonObject { ["id"] = "28:bot", ["name"] = "ExpertBot" },
        ["conversation"] = new JsonObject { ["id"] = $"a:chat-{user}", ["conversationType"] = "personal", ["tenantId"] = Tenant },
    }.ToJsonString();

    /// <summary>Rows of a query, each as its columns' values.</summary>
    public async Task<List<object?[]>> RowsAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var db = Services.GetRequiredService<ExpertBotDatabase>().CreateContext();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            p.Value = value;
            command.Parameters.Add(p);
        }
        var rows = new List<object?[]>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }
            rows.Add(row);
        }
        return rows;
    }

    public async Task<long> CountAsync(string sql, params (string Name, object Value)[] parameters) =>
        Convert.ToInt64((await RowsAsync(sql, parameters))[0][0], System.Globalization.CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
        await _root.DisposeAsync();
        await Connector.DisposeAsync();
    }
}
