using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ExpertBot.Features.Questions;
using ExpertBot.Tests.Connector;
using ExpertBot.Tests.Host;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

// Not "...Conversation": the end-to-end tests have a helper of that name, which a namespace would hide.
namespace ExpertBot.Tests.Conversations;

/// <summary>Someone of the demo directory, as Teams names them in activities.</summary>
internal sealed record Person(string Id, string Name)
{
    public static Person Alex { get; } = new("1a000000-0000-4000-8000-000000000000", "Alex Wilber");
    public static Person Megan { get; } = new("1a000000-0000-4000-8000-000000000001", "Megan Bowen");
    public static Person Adele { get; } = new("1a000000-0000-4000-8000-000000000002", "Adele Vance");
    public static Person Diego { get; } = new("c2b576a5-de50-5b1f-8b94-356890308b27", "Diego Siciliani");

    /// <summary>Their Teams user id (what the Playground keys its one user by).</summary>
    public string TeamsId => "29:" + Id;

    /// <summary>Their 1:1 chat with the bot.</summary>
    public string Chat => FakeBotConnector.PersonalChatId(Id);
}

/// <summary>
/// The real bot host in-process, on its own SQLite file and a fake clock, talking to the one stand-in Bot Connector
/// (which names each person's 1:1 chat, so a test sees whose chat a post went to). People write and click as Teams
/// would send it; what the bot sends is read back from the connector.
/// </summary>
internal sealed class ChatHost : IAsyncDisposable
{
    private readonly BotApp _app = new();
    private readonly WebApplicationFactory<Program> _host;
    private readonly HttpClient _client;

    public ChatHost(params (string Key, string Value)[] settings)
    {
        _host = _app.WithWebHostBuilder(web =>
        {
            // A lease longer than any clock jump of a test: moving the clock must not cancel a job still finishing.
            web.UseSetting("Storage:Jobs:LeaseDuration", "1.00:00:00");
            foreach (var (key, value) in settings)
            {
                web.UseSetting(key, value);
            }
            web.ConfigureTestServices(s =>
            {
                s.AddSingleton<TimeProvider>(Clock);
                s.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(Logs);
            });
        });
        _client = _host.CreateClient();
    }

    /// <summary>The demo's Billing and Default pools inviting 1:1 (the shipped demo invites in channels).</summary>
    public static ChatHost Direct(params (string Key, string Value)[] settings) =>
        new([("Routing:Pools:1:Delivery", "Direct"), ("Routing:Pools:2:Delivery", "Direct"), .. settings]);

    public FakeBotConnector Connector { get; } = new() { NamesPersonalChats = true };

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    /// <summary>What the host logged: shown when a wait fails, to say why.</summary>
    internal Auth.ListLoggerProvider Logs { get; } = new();

    public IServiceProvider Services => _host.Services;

    /// <summary>A message from <paramref name="who"/> in their 1:1 chat with the bot (or in <paramref name="channelThread"/>).</summary>
    public async Task SayAsync(Person who, string text, string? channelThread = null)
    {
        var activity = Activity("message", who, channelThread);
        activity["text"] = text;
        await PostAsync(activity);
    }

    /// <summary>An Action.Execute click by <paramref name="who"/>; the invoke response's body.</summary>
    public async Task<JsonNode> ClickAsync(Person who, string verb, JsonObject data, string? channelThread = null)
    {
        var activity = Activity("invoke", who, channelThread);
        activity["name"] = "adaptiveCard/action";
        activity["value"] = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data } };
        return JsonNode.Parse(await PostAsync(activity))!;
    }

    /// <summary>The next thing the bot sent that matches (others are skipped, and kept in the connector's record).</summary>
    public Task<ReceivedRequest> NextAsync(Func<ReceivedRequest, bool> match, int within = 100) => Connector.NextAsync(match, within);

    /// <summary>The next post to <paramref name="who"/>'s 1:1 chat whose words contain <paramref name="words"/>.</summary>
    public Task<ReceivedRequest> NextToAsync(Person who, string words, int within = 100) =>
        NextAsync(r => IsTo(r, who.Chat) && Words(r).Contains(words, StringComparison.Ordinal), within);

    /// <summary>
    /// The first request the bot sent, or sends next, that matches: unlike <see cref="NextAsync"/> it finds one sent before
    /// (read by another wait), for effects of jobs that run in any order. While nothing is sent, the fake clock moves by the
    /// job worker's poll interval (a second), as time passes for a running bot: the worker's poll is part of how jobs are
    /// found (a wake-up may come before the job's row is visible). Fails after 20 such seconds of nothing.
    /// </summary>
    public async Task<ReceivedRequest> WaitForAsync(Func<ReceivedRequest, bool> match)
    {
        for (var quiet = 0; ; )
        {
            if (Connector.All.FirstOrDefault(match) is { } found)
            {
                return found;
            }
            try
            {
                await Connector.NextAsync(TimeSpan.FromSeconds(1.5));
                quiet = 0;
            }
            catch (OperationCanceledException) when (++quiet < 20)
            {
                Clock.Advance(TimeSpan.FromSeconds(1));
            }
            catch (OperationCanceledException)
            {
                throw new Xunit.Sdk.XunitException("Nothing matching was sent; the bot sent:\n" + string.Join("\n", Connector.All.Select(r => $"{r.Method} {r.RawPath} {TextOf(r)}"))
                    + "\nLogged:\n" + string.Join("\n", Logs.Lines.Where(l => !l.Contains("Information", StringComparison.Ordinal)).TakeLast(40)));
            }
        }
    }

    /// <summary>
    /// Until <paramref name="done"/> (a read of what is stored) holds: read again after each request the bot sends, or after
    /// a second and a half of none (the clock then moves by a poll interval, as in <see cref="WaitForAsync"/>).
    /// </summary>
    public async Task WaitUntilAsync(Func<Task<bool>> done, string what)
    {
        for (var quiet = 0; !await done(); )
        {
            try
            {
                await Connector.NextAsync(TimeSpan.FromSeconds(1.5));
            }
            catch (OperationCanceledException) when (++quiet < 20)
            {
                Clock.Advance(TimeSpan.FromSeconds(1));
            }
            catch (OperationCanceledException)
            {
                throw new Xunit.Sdk.XunitException($"Never stored: {what}.");
            }
        }
    }

    /// <summary>Everything the bot sends from now until (and with) the first request that matches <paramref name="last"/>.</summary>
    public async Task<List<ReceivedRequest>> UntilAsync(Func<ReceivedRequest, bool> last, int within = 200)
    {
        var seen = new List<ReceivedRequest>();
        for (var i = 0; i < within; i++)
        {
            var request = await Connector.NextAsync();
            seen.Add(request);
            if (last(request))
            {
                return seen;
            }
        }
        throw new Xunit.Sdk.XunitException($"Nothing matching among the next {within} requests: " + string.Join("\n", seen.Select(r => r.Method + " " + r.RawPath + " " + TextOf(r))));
    }

    /// <summary>Whether a request opened a 1:1 chat (with whom: <see cref="ChatMember"/>).</summary>
    public static bool OpensChat(ReceivedRequest r) => r.Method == "POST" && r.RawPath == "/v3/conversations" && r.Body?["isGroup"]?.GetValue<bool>() != true;

    /// <summary>The person a 1:1 chat was opened with.</summary>
    public static string ChatMember(ReceivedRequest r) => r.Body!["members"]![0]!["aadObjectId"]!.ToString();

    /// <summary>Everyone in the demo directory.</summary>
    public static IReadOnlyList<Person> Directory()
    {
        var file = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "demo-directory.json")))!;
        return [.. file["people"]!.AsArray().Select(p => new Person(p!["id"]!.ToString(), p["displayName"]!.ToString()))];
    }

    /// <summary>The asker's questions as stored (open first).</summary>
    public Task<IReadOnlyList<Question>> QuestionsOfAsync(Person who) =>
        Services.GetRequiredService<QuestionService>().ForAskerAsync(who.Id, 50, CancellationToken.None);

    public async Task<Question> QuestionAsync(long id) =>
        await Services.GetRequiredService<QuestionService>().FindAsync(id, CancellationToken.None) ?? throw new Xunit.Sdk.XunitException($"No question {id}.");

    /// <summary>Whether a request posted (or updated) an activity in <paramref name="conversation"/>.</summary>
    public static bool IsTo(ReceivedRequest r, string conversation) =>
        r.RawPath.StartsWith($"/v3/conversations/{Uri.EscapeDataString(conversation)}/activities", StringComparison.Ordinal);

    /// <summary>The text of a message that was sent (empty for a card without text).</summary>
    public static string TextOf(ReceivedRequest r) => r.Body?["text"]?.ToString() ?? "";

    /// <summary>Every string in what was sent (text, card text, action titles and data), one per line, unescaped.</summary>
    public static string Words(ReceivedRequest r) => Words(r.Body);

    public static string Words(JsonNode? node)
    {
        var all = new StringBuilder();
        Collect(node, all);
        return all.ToString();
    }

    private static void Collect(JsonNode? node, StringBuilder all)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (_, value) in o)
                {
                    Collect(value, all);
                }
                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    Collect(item, all);
                }
                break;
            case JsonValue v when v.TryGetValue<string>(out var s):
                all.Append(s).Append('\n');
                break;
        }
    }

    /// <summary>The Action.Execute verbs a card offers.</summary>
    public static IReadOnlyList<string> Verbs(JsonNode? node) => Find(node, o => o["verb"] is JsonValue && o["type"]?.ToString() == "Action.Execute")
        .Select(o => o["verb"]!.ToString()).ToList();

    /// <summary>The question id and signature a card's question-wide actions carry (not an article's or a reply's).</summary>
    public static JsonObject QuestionRef(JsonNode? node) =>
        Find(node, o => o["questionId"] is JsonValue && o["sig"] is JsonValue && o["articleId"] is null && o["replyId"] is null)
            .Select(o => new JsonObject { ["questionId"] = o["questionId"]!.DeepClone(), ["sig"] = o["sig"]!.DeepClone() })
            .FirstOrDefault() ?? throw new Xunit.Sdk.XunitException("No question reference on: " + node?.ToJsonString());

    /// <summary>The question id on a card.</summary>
    public static long QuestionId(JsonNode? node) => long.Parse(QuestionRef(node)["questionId"]!.ToString(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Every object in <paramref name="node"/> that matches, depth first.</summary>
    public static IEnumerable<JsonObject> Find(JsonNode? node, Func<JsonObject, bool> match)
    {
        switch (node)
        {
            case JsonObject o:
                if (match(o))
                {
                    yield return o;
                }
                foreach (var (_, value) in o)
                {
                    foreach (var found in Find(value, match))
                    {
                        yield return found;
                    }
                }
                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    foreach (var found in Find(item, match))
                    {
                        yield return found;
                    }
                }
                break;
        }
    }

    /// <summary>
    /// Asks <paramref name="text"/> as <paramref name="asker"/> and, when the knowledge base offers an article first, asks
    /// the experts anyway: the reference (id and signature) of the routed question, as its cards carry it.
    /// </summary>
    public async Task<JsonObject> AskExpertsAsync(Person asker, string text)
    {
        await SayAsync(asker, text);
        var first = await NextAsync(r => IsTo(r, asker.Chat) && r.Method == "POST" && Verbs(r.Body).Count > 0);
        var reference = QuestionRef(first.Body);
        if (Verbs(first.Body).Contains("kbNotAnswered"))
        {
            await ClickAsync(asker, "kbNotAnswered", reference.DeepClone().AsObject());
        }
        return reference;
    }

    /// <summary>The id in a question reference.</summary>
    public static long IdOf(JsonObject reference) => long.Parse(reference["questionId"]!.ToString(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A question reference with more card data (inputs) added.</summary>
    public static JsonObject With(JsonObject reference, params (string Key, string Value)[] inputs)
    {
        var data = reference.DeepClone().AsObject();
        foreach (var (key, value) in inputs)
        {
            data[key] = value;
        }
        return data;
    }

    private JsonObject Activity(string type, Person who, string? channelThread) => new()
    {
        ["type"] = type,
        ["id"] = (type == "invoke" ? "i-" : "m-") + Guid.NewGuid().ToString("N"),
        ["channelId"] = "msteams",
        ["serviceUrl"] = Connector.ServiceUrl,
        ["from"] = new JsonObject { ["id"] = who.TeamsId, ["aadObjectId"] = who.Id, ["name"] = who.Name },
        ["recipient"] = new JsonObject { ["id"] = "28:bot", ["name"] = "ExpertBot" },
        ["conversation"] = channelThread is null
            ? new JsonObject { ["id"] = who.Chat, ["conversationType"] = "personal", ["tenantId"] = "t1" }
            : new JsonObject { ["id"] = channelThread, ["conversationType"] = "channel", ["tenantId"] = "t1" },
        ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = "t1" } },
    };

    private async Task<string> PostAsync(JsonObject activity)
    {
        using var response = await _client.PostAsync("/api/messages", new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return body.Length == 0 ? "{}" : body;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _app.DisposeAsync();
        await Connector.DisposeAsync();
    }
}
