using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ExpertBot.Features.Ideas;
using ExpertBot.Tests.Connector;
using ExpertBot.Tests.Host;
using ExpertBot.Tests.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ExpertBot.Tests.Ideas;

/// <summary>
/// The real host (auth off on loopback) on a test database of either provider, with the stand-in Bot Connector: agents and
/// product managers write and click as Teams posts it, and what changed is read back through the product's own store.
/// </summary>
internal sealed class IdeaHost : IAsyncDisposable
{
    public const string Tenant = "t-contoso";
    public const string Pm = "0c000000-0000-4000-8000-0000000000a1";
    public const string IdeasChannel = "19:ideas@thread.tacv2";

    private readonly TestDatabase _database;
    private readonly BotApp _root;
    private readonly WebApplicationFactory<Program> _app;
    private readonly HttpClient _client;

    private readonly string _vectors;

    private IdeaHost(TestDatabase database, BotApp root, WebApplicationFactory<Program> app, FakeBotConnector connector, string vectors)
    {
        _vectors = vectors;
        _database = database;
        _root = root;
        _app = app;
        Connector = connector;
        _client = app.CreateClient();
    }

    public FakeBotConnector Connector { get; }

    public IServiceProvider Services => _app.Services;

    public IdeaService Ideas => Services.GetRequiredService<IdeaService>();

    public static async Task<IdeaHost> StartAsync(string provider, PostgresServer server, params (string Key, string Value)[] more)
    {
        var database = await TestDatabase.CreateAsync(provider, server);
        var connector = new FakeBotConnector();
        var vectors = Path.Combine(Path.GetTempPath(), $"expertbot-ideas-{Guid.NewGuid():N}");
        var root = BotApp.With(database.Settings,
            [("Knowledge:Search:CacheFolder", vectors), ("Roles:ProductManagers:0", Pm), ("Ideas:DefaultChannelId", IdeasChannel), .. more]);
        var app = root.WithWebHostBuilder(_ => { });
        return new IdeaHost(database, root, app, connector, vectors);
    }

    /// <summary>An Action.Execute invoke by <paramref name="user"/> in their 1:1 chat (or a channel); the invoke response.</summary>
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
    /// The data of the product managers' actions on the idea's card in the ideas channel (signed id), once the bot posted
    /// it there. Read in order: call it right after the idea is created.
    /// </summary>
    public async Task<JsonObject> ChannelCardAsync(string title)
    {
        var post = await Connector.NextAsync(r => r.RawPath == "/v3/conversations" && Has(r.Body, IdeasChannel) && Has(r.Body, title));
        return ActionData(post.Body, "setIdeaStatus");
    }

    /// <summary>A copy of card data with these fields set (a click with the card's inputs filled in).</summary>
    public static JsonObject With(JsonObject data, params (string Key, string Value)[] fields)
    {
        var copy = (JsonObject)data.DeepClone();
        foreach (var (key, value) in fields)
        {
            copy[key] = value;
        }
        return copy;
    }

    /// <summary>The next <paramref name="count"/> requests that match, in whatever order they come (jobs run in parallel).</summary>
    public async Task<List<ReceivedRequest>> NextAsync(Func<ReceivedRequest, bool> match, int count)
    {
        var found = new List<ReceivedRequest>();
        while (found.Count < count)
        {
            found.Add(await Connector.NextAsync(match));
        }
        return found;
    }

    public static long IdOf(JsonObject data) => long.Parse(data["ideaId"]!.ToString(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A chat message from <paramref name="user"/>; the bot's reply in that chat.</summary>
    public async Task<JsonNode> SayAsync(string user, string text)
    {
        var id = $"m-{Guid.NewGuid():N}";
        var (status, _) = await PostAsync(Activity(user, "message", id, null, new JsonObject { ["text"] = text }));
        Assert.Equal(HttpStatusCode.OK, status);
        return (await Connector.NextAsync(r => r.RawPath.Contains(id, StringComparison.Ordinal))).Body!;
    }

    public async Task<(HttpStatusCode Status, string Body)> PostAsync(string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await _client.PostAsync("/api/messages", content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public static string Chat(string user) => $"a:chat-{user}";

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
            ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = Tenant } },
        };
        foreach (var (key, value) in extra)
        {
            activity[key] = value?.DeepClone();
        }
        return activity.ToJsonString();
    }

    /// <summary>The data of the first action with <paramref name="verb"/> in a card (or invoke response).</summary>
    public static JsonObject ActionData(JsonNode? node, string verb) => Find(node, verb) is { } data
        ? (JsonObject)data.DeepClone()
        : throw new Xunit.Sdk.XunitException($"No {verb} action in: {node?.ToJsonString()}");

    private static JsonObject? Find(JsonNode? node, string verb) => node switch
    {
        JsonObject o when o["type"]?.ToString() == "Action.Execute" && o["verb"]?.ToString() == verb => o["data"] as JsonObject,
        JsonObject o => o.Select(p => Find(p.Value, verb)).FirstOrDefault(d => d is not null),
        JsonArray a => a.Select(n => Find(n, verb)).FirstOrDefault(d => d is not null),
        _ => null,
    };

    public static bool Has(JsonNode? node, string text) => node?.ToJsonString().Contains(text, StringComparison.Ordinal) == true
        || System.Text.Json.JsonSerializer.Serialize(node, Relaxed).Contains(text, StringComparison.Ordinal);

    private static readonly System.Text.Json.JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
        await _root.DisposeAsync();
        await Connector.DisposeAsync();
        await _database.DisposeAsync();
        if (Directory.Exists(_vectors))
        {
            Directory.Delete(_vectors, recursive: true);
        }
    }
}
