using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ExpertBot.Features.Questions;
using ExpertBot.Storage;
using ExpertBot.Storage.Jobs;
using ExpertBot.Teams;
using ExpertBot.Tests.Connector;
using ExpertBot.Tests.Host;
using ExpertBot.Tests.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ExpertBot.Tests.Knowledge.Articles;

/// <summary>
/// The real host on a test database (SQLite or PostgreSQL) with the stand-in Bot Connector, on a fake clock with the job
/// worker off: a test resolves questions through the question service, runs the outbox's rounds itself, and clicks the
/// cards the bot sent as Teams posts the clicks.
/// </summary>
internal sealed class KnowledgeBaseHost : IAsyncDisposable
{
    public const string Tenant = "t-contoso";

    private readonly BotApp _root;
    private readonly WebApplicationFactory<Program> _app;
    private readonly HttpClient _client;
    private readonly string _embeddings = Path.Combine(Path.GetTempPath(), "expertbot-kb-" + Guid.NewGuid().ToString("N"));

    private KnowledgeBaseHost(IReadOnlyDictionary<string, string?> settings, (string Key, string Value)[] more)
    {
        Clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 4, 9, 0, 0, TimeSpan.Zero));
        // The clock stands still unless a test moves it, and each person's 1:1 chat is one conversation: Teams' pacing (7 sends
        // a second per conversation, on this clock) would hold the 8th card to one person forever. Pacing has tests of its own.
        _root = BotApp.With(settings, [("Knowledge:Search:CacheFolder", _embeddings), ("Storage:Jobs:WorkerEnabled", "false"),
            ("BotFramework:SendsPerSecondPerConversation", "100"), .. more]);
        _app = _root.WithWebHostBuilder(web => web.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock)));
        _client = _app.CreateClient();
    }

    public static KnowledgeBaseHost Start(TestDatabase database, params (string Key, string Value)[] settings) => new(database.Settings, settings);

    public FakeTimeProvider Clock { get; }

    /// <summary>1:1 chats opened by the bot are named after their person ("a:chat-{id}", as <see cref="Chat"/>): a test can tell whose chat a card went to.</summary>
    public FakeBotConnector Connector { get; } = new() { NamesPersonalChats = true };

    public IServiceProvider Services => _app.Services;

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    public Actor Person(string id, string name) => new(id, name, new ConversationRef(Connector.ServiceUrl, "msteams", Chat(id), Tenant, "28:bot"));

    public static string Chat(string user) => $"a:chat-{user}";

    /// <summary>A question asked by <paramref name="asker"/>, answered by <paramref name="expert"/> and accepted: resolved.</summary>
    public async Task<Question> ResolveAsync(Actor asker, Actor expert, string title, string answer, string? caseNumber = null)
    {
        var questions = Get<QuestionService>();
        var q = await questions.AskAsync(new NewQuestion(asker, title, null, null, "Identity", null, caseNumber), default);
        var replied = await questions.RecordReplyAsync(q.Id, expert, answer, $"m-{Guid.NewGuid():N}", fromAsker: false, default);
        var reply = replied.Question!.Contributions.Single(c => c.AuthorId == expert.Id);
        var accepted = await questions.AcceptAsync(q.Id, asker, reply.Id, null, default);
        Assert.Null(accepted.Refusal);
        return accepted.Question!;
    }

    /// <summary>Runs the outbox until nothing is due.</summary>
    public async Task RunJobsAsync()
    {
        var runner = Get<JobRunner>();
        for (var round = 0; round < 50 && await runner.RunOnceAsync(default) > 0; round++)
        {
        }
    }

    /// <summary>Passes time in steps, running what falls due at each.</summary>
    public async Task PassAsync(TimeSpan span, TimeSpan step)
    {
        for (var passed = TimeSpan.Zero; passed < span; passed += step)
        {
            Clock.Advance(step);
            await RunJobsAsync();
        }
    }

    /// <summary>The cards the bot sent (posts and updates) whose JSON contains <paramref name="text"/>.</summary>
    public List<JsonNode> Sent(string text) => [.. Connector.All
        .Where(r => r.Method is "POST" or "PUT" && r.Body is not null && r.RawPath.Contains("/activities", StringComparison.Ordinal) && Has(r.Body, text))
        .Select(r => r.Body!)];

    /// <summary>The cards posted to <paramref name="user"/>'s 1:1 chat whose JSON contains <paramref name="text"/>.</summary>
    public List<JsonNode> SentTo(string user, string text) => [.. Connector.All
        .Where(r => r.Method == "POST" && r.Body is not null && Uri.UnescapeDataString(r.RawPath).Contains($"/conversations/{FakeBotConnector.PersonalChatId(user)}/activities", StringComparison.Ordinal)
            && Has(r.Body, text))
        .Select(r => r.Body!)];

    /// <summary>An Action.Execute invoke by <paramref name="user"/> in their 1:1 chat; the bot's invoke response.</summary>
    public async Task<JsonNode> ClickAsync(string user, string verb, JsonObject data)
    {
        var activity = new JsonObject
        {
            ["type"] = "invoke",
            ["id"] = $"i-{Guid.NewGuid():N}",
            ["channelId"] = "msteams",
            ["serviceUrl"] = Connector.ServiceUrl,
            ["from"] = new JsonObject { ["id"] = $"29:{user}", ["aadObjectId"] = user, ["name"] = $"User {user}" },
            ["recipient"] = new JsonObject { ["id"] = "28:bot", ["name"] = "ExpertBot" },
            ["conversation"] = new JsonObject { ["id"] = Chat(user), ["conversationType"] = "personal", ["tenantId"] = Tenant },
            ["name"] = "adaptiveCard/action",
            ["value"] = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data.DeepClone() } },
        };
        using var content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await _client.PostAsync("/api/messages", content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonNode.Parse(body)!;
    }

    /// <summary>A chat message from <paramref name="user"/>, run to the end (its turn job); returns what the bot replied.</summary>
    public async Task<List<JsonNode>> SayAsync(string user, string text)
    {
        var before = Connector.All.Count;
        var activity = new JsonObject
        {
            ["type"] = "message",
            ["id"] = $"m-{Guid.NewGuid():N}",
            ["channelId"] = "msteams",
            ["serviceUrl"] = Connector.ServiceUrl,
            ["from"] = new JsonObject { ["id"] = $"29:{user}", ["aadObjectId"] = user, ["name"] = $"User {user}" },
            ["recipient"] = new JsonObject { ["id"] = "28:bot", ["name"] = "ExpertBot" },
            ["conversation"] = new JsonObject { ["id"] = Chat(user), ["conversationType"] = "personal", ["tenantId"] = Tenant },
            ["text"] = text,
        };
        using var content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await _client.PostAsync("/api/messages", content);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        await RunJobsAsync();
        return [.. Connector.All.Skip(before).Where(r => r.Body is not null && r.Method == "POST").Select(r => r.Body!)];
    }

    /// <summary>The data of the first action on <paramref name="card"/> with this verb (what Teams would send back).</summary>
    public static JsonObject ActionData(JsonNode card, string verb) => Find(card, verb) ?? throw new Xunit.Sdk.XunitException($"No {verb} action on: {card.ToJsonString()}");

    private static JsonObject? Find(JsonNode? node, string verb) => node switch
    {
        JsonObject o when o["verb"]?.GetValue<string>() == verb && o["data"] is JsonObject data => (JsonObject)data.DeepClone(),
        JsonObject o => o.Select(p => Find(p.Value, verb)).FirstOrDefault(d => d is not null),
        JsonArray a => a.Select(n => Find(n, verb)).FirstOrDefault(d => d is not null),
        _ => null,
    };

    public static bool Has(JsonNode? node, string text) => node?.ToJsonString().Contains(text, StringComparison.Ordinal) == true
        || System.Text.Json.JsonSerializer.Serialize(node, Relaxed).Contains(text, StringComparison.Ordinal);

    private static readonly System.Text.Json.JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public async Task<T> QueryAsync<T>(Func<ExpertBotDb, Task<T>> query)
    {
        await using var db = Get<ExpertBotDatabase>().CreateContext();
        return await query(db);
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
        await _root.DisposeAsync();
        await Connector.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_embeddings))
        {
            Directory.Delete(_embeddings, recursive: true);
        }
    }
}
