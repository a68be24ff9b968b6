using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ExpertBot.Storage;
using ExpertBot.Tests.Auth;
using ExpertBot.Tests.Connector;
using ExpertBot.Tests.Host;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ExpertBot.Tests.CardActions;

/// <summary>
/// The real host (auth off on loopback, its own SQLite file) with the stand-in Bot Connector recording every call: card
/// actions are posted as Teams posts them, and what changed is read back from the database.
/// </summary>
internal sealed class CardActionHost : IAsyncDisposable
{
    public const string Tenant = "t-contoso";

    private readonly BotApp _root;
    private readonly WebApplicationFactory<Program> _app;
    private readonly HttpClient _client;

    private CardActionHost(BotApp root, WebApplicationFactory<Program> app, FakeBotConnector connector, ListLoggerProvider logs)
    {
        _root = root;
        _app = app;
        Connector = connector;
        Logs = logs;
        _client = app.CreateClient();
    }

    public FakeBotConnector Connector { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Every line the host logged.</summary>
    public ListLoggerProvider Logs { get; }

    public static CardActionHost Start(params (string Key, string Value)[] settings)
    {
        var connector = new FakeBotConnector();
        var logs = new ListLoggerProvider();
        var root = new BotApp();
        var app = root.WithWebHostBuilder(web =>
        {
            web.ConfigureLogging(l => l.AddProvider(logs));
            foreach (var (key, value) in settings)
            {
                web.UseSetting(key, value);
            }
        });
        return new CardActionHost(root, app, connector, logs);
    }

    /// <summary>Posts a raw body to /api/messages.</summary>
    public async Task<(HttpStatusCode Status, string Body)> PostAsync(string body) => await PostAsync(Encoding.UTF8.GetBytes(body));

    public async Task<(HttpStatusCode Status, string Body)> PostAsync(byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        using var response = await _client.PostAsync("/api/messages", content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>An Action.Execute invoke by <paramref name="user"/> (an Entra object id) in their 1:1 chat, or in <paramref name="channel"/>.</summary>
    public async Task<JsonNode> ClickAsync(string user, string verb, JsonObject data, string? activityId = null, string? channel = null)
    {
        var (status, body) = await PostAsync(Activity(user, "invoke", activityId, channel, new JsonObject
        {
            ["name"] = "adaptiveCard/action",
            ["value"] = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data.DeepClone() } },
        }));
        Assert.Equal(HttpStatusCode.OK, status);
        return JsonNode.Parse(body)!;
    }

    /// <summary>
    /// Asks through the message action (answered at once) and returns the question card posted to the asker; when the
    /// knowledge base offered an answer, the asker asks the experts anyway, so the question has its invitations.
    /// </summary>
    public async Task<QuestionCard> AskAsync(string asker, string question)
    {
        var (status, body) = await PostAsync(Activity(asker, "invoke", null, null, new JsonObject
        {
            ["name"] = "composeExtension/submitAction",
            ["value"] = new JsonObject { ["commandId"] = "askExperts", ["data"] = new JsonObject { ["question"] = question } },
        }));
        Assert.True(status == HttpStatusCode.OK, body);
        var posted = await Connector.NextAsync(r => r.RawPath.Contains(Uri.EscapeDataString(Chat(asker)), StringComparison.Ordinal) && Has(r.Body, question[..12]));
        var card = QuestionCard.From(posted.Body!) ?? throw new Xunit.Sdk.XunitException("The question card carries no signed question: " + posted.Body);
        if (Has(posted.Body, "kbNotAnswered"))
        {
            Assert.Contains("Waiting for experts", (await ClickAsync(asker, "kbNotAnswered", card.Data())).ToJsonString(), StringComparison.Ordinal);
        }
        return card;
    }

    /// <summary>A single value from the database (a count, a status).</summary>
    public async Task<object?> ScalarAsync(string sql, params (string Name, object Value)[] parameters)
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
        return await command.ExecuteScalarAsync();
    }

    public async Task<long> CountAsync(string sql, params (string Name, object Value)[] parameters) =>
        Convert.ToInt64(await ScalarAsync(sql, parameters), System.Globalization.CultureInfo.InvariantCulture);

    public static string Chat(string user) => $"a:chat-{user}";

    /// <summary>A Teams activity from <paramref name="user"/> (an Entra object id, known to the demo directory or not).</summary>
    public string Activity(string user, string type, string? id, string? channel, JsonObject extra)
    {
        var activity = new JsonObject
        {
            ["type"] = type,
            ["id"] = id ?? $"i-{Guid.NewGuid():N}",
            ["channelId"] = "msteams",
            ["serviceUrl"] = Connector.ServiceUrl,
            ["from"] = new JsonObject { ["id"] = $"29:{user}", ["aadObjectId"] = user, ["name"] = $"User {user[..Math.Min(8, user.Length)]}" },
            ["recipient"] = new JsonObject { ["id"] = "28:bot", ["name"] = "ExpertBot" },
            ["conversation"] = channel is null
                ? new JsonObject { ["id"] = Chat(user), ["conversationType"] = "personal", ["tenantId"] = Tenant }
                : new JsonObject { ["id"] = channel, ["conversationType"] = "channel", ["tenantId"] = Tenant },
        };
        foreach (var (key, value) in extra)
        {
            activity[key] = value?.DeepClone();
        }
        return activity.ToJsonString();
    }

    public static bool Has(JsonNode? node, string text) => node?.ToJsonString().Contains(text, StringComparison.Ordinal) == true
        || System.Text.Json.JsonSerializer.Serialize(node, Relaxed).Contains(text, StringComparison.Ordinal);

    private static readonly System.Text.Json.JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
        await _root.DisposeAsync(); // Its temporary database folder goes with it.
        await Connector.DisposeAsync();
    }
}

/// <summary>What a posted question card's actions carry about its question: its id and the signature over it.</summary>
internal sealed record QuestionCard(string Id, string Sig)
{
    public JsonObject Data(params (string Key, string Value)[] more)
    {
        var data = new JsonObject { ["questionId"] = Id, ["sig"] = Sig };
        foreach (var (key, value) in more)
        {
            data[key] = value;
        }
        return data;
    }

    /// <summary>The question-wide data of the first action that has one (not an article button's, which also signs its article).</summary>
    public static QuestionCard? From(JsonNode? node) => node switch
    {
        JsonObject o when o["questionId"] is JsonValue id && o["sig"] is JsonValue sig && o["articleId"] is null && o["replyId"] is null =>
            new QuestionCard(id.ToString(), sig.ToString()),
        JsonObject o => o.Select(p => From(p.Value)).FirstOrDefault(c => c is not null),
        JsonArray a => a.Select(From).FirstOrDefault(c => c is not null),
        _ => null,
    };
}
