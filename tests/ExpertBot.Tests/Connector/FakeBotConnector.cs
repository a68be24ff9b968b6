using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace ExpertBot.Tests.Connector;

/// <summary>One request as the fake connector saw it.</summary>
internal sealed record ReceivedRequest(
    string Method, string RawPath, string Query, string? Authorization, string? OriginalHost, JsonNode? Body, DateTimeOffset ReceivedAt)
{
    /// <summary>The body exactly as it came, for checks of its bytes (size, escapes).</summary>
    public string RawBody { get; init; } = "";

    /// <summary>The path and body, for tests that look at what the bot posted where.</summary>
    public void Deconstruct(out string path, out JsonNode body)
    {
        path = RawPath;
        body = Body ?? new JsonObject();
    }
}

/// <summary>What the fake answers: a status, an optional JSON body, optional headers.</summary>
internal sealed record FakeAnswer(int Status, string? Body = null, IReadOnlyDictionary<string, string>? Headers = null)
{
    public static FakeAnswer Created(string id) => new(201, $$"""{"id":"{{id}}"}""");
}

/// <summary>
/// The test suite's one stand-in Bot Connector: a local HTTP server speaking the Bot Connector wire format (swagger
/// ConnectorAPI). It records every request and answers from a script (per path, in order), else with its default answer:
/// 201 {"id"} as Teams answers, or what another channel answers (offline-directline, Web Chat's: 200 with an empty body).
/// ReceivedAt is read from the test's clock so pacing and retry timing can be asserted against fake time.
/// </summary>
internal sealed class FakeBotConnector : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Channel<ReceivedRequest> _received = Channel.CreateUnbounded<ReceivedRequest>();
    private readonly ConcurrentQueue<ReceivedRequest> _all = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<FakeAnswer>> _script = new(StringComparer.Ordinal);
    private readonly Func<DateTimeOffset> _now;
    private readonly ListenerLoop _loop;
    private int _nextId;

    private readonly FakeAnswer? _default;
    private readonly ConcurrentDictionary<string, int> _unreachable = new(StringComparer.OrdinalIgnoreCase);

    /// <param name="now">The clock ReceivedAt is read from.</param>
    /// <param name="defaultAnswer">The answer to anything unscripted; null = 201 with a fresh activity id.</param>
    public FakeBotConnector(Func<DateTimeOffset>? now = null, FakeAnswer? defaultAnswer = null)
    {
        _now = now ?? (() => DateTimeOffset.UtcNow);
        _default = defaultAnswer;
        var port = Ports.Free();
        BaseUrl = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(BaseUrl.ToString());
        _loop = new ListenerLoop(_listener, AnswerAsync);
    }

    public Uri BaseUrl { get; }

    public IReadOnlyList<ReceivedRequest> All => [.. _all];

    /// <summary>Answers the next requests to <paramref name="rawPath"/> with these, in order; then the default.</summary>
    public void Script(string rawPath, params FakeAnswer[] answers)
    {
        var queue = _script.GetOrAdd(rawPath, _ => new ConcurrentQueue<FakeAnswer>());
        foreach (var answer in answers)
        {
            queue.Enqueue(answer);
        }
    }

    /// <summary>
    /// Opening a 1:1 chat with this user (by Entra or Teams id) is refused with <paramref name="status"/>, as Teams does
    /// for someone it cannot reach: 403 when the app is not installed for them, 404 when it does not know them.
    /// </summary>
    public void Unreachable(string userId, int status) => _unreachable[userId] = status;

    /// <summary>
    /// When set, a 1:1 chat opened with a user gets the id "a:chat-{their id}" (as Teams gives each person one chat), so a
    /// test can tell whose chat a post went to; otherwise the default answer's fresh id.
    /// </summary>
    public bool NamesPersonalChats { get; init; }

    /// <summary>The id a 1:1 chat with <paramref name="userId"/> gets when <see cref="NamesPersonalChats"/> is set.</summary>
    public static string PersonalChatId(string userId) => "a:chat-" + userId.ToLowerInvariant();

    /// <summary>The base URL as a serviceUrl in an activity.</summary>
    public string ServiceUrl => BaseUrl.ToString();

    /// <summary>The next request, in arrival order; fails after 30 s (a bot under a loaded test run can take seconds).</summary>
    public Task<ReceivedRequest> NextAsync() => NextAsync(TimeSpan.FromSeconds(30));

    /// <summary>The next request, in arrival order; fails (OperationCanceledException) after <paramref name="within"/>.</summary>
    public async Task<ReceivedRequest> NextAsync(TimeSpan within)
    {
        using var cts = new CancellationTokenSource(within);
        return await _received.Reader.ReadAsync(cts.Token);
    }

    /// <summary>The next request that matches, skipping (and keeping in <see cref="All"/>) the others; fails after <paramref name="within"/> requests.</summary>
    public async Task<ReceivedRequest> NextAsync(Func<ReceivedRequest, bool> match, int within = 50)
    {
        for (var i = 0; i < within; i++)
        {
            var request = await NextAsync();
            if (match(request))
            {
                return request;
            }
        }
        throw new Xunit.Sdk.XunitException($"No matching request to the fake connector among the next {within}.");
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var request = context.Request;
        using var reader = new StreamReader(request.InputStream, Encoding.UTF8);
        var text = await reader.ReadToEndAsync();
        var raw = request.RawUrl ?? "/";
        var queryAt = raw.IndexOf('?', StringComparison.Ordinal);
        var path = queryAt < 0 ? raw : raw[..queryAt];
        var received = new ReceivedRequest(request.HttpMethod, path, queryAt < 0 ? string.Empty : raw[(queryAt + 1)..],
            request.Headers["Authorization"], request.Headers[RouteToLoopback.OriginalHostHeader],
            text.Length == 0 ? null : JsonNode.Parse(text), _now()) { RawBody = text };
        _all.Enqueue(received);
        var member = request.HttpMethod == "POST" && path == "/v3/conversations" && received.Body?["isGroup"]?.GetValue<bool>() != true
            ? received.Body?["members"]?[0] is { } m ? (m["aadObjectId"] ?? m["id"])?.GetValue<string>() : null
            : null;
        var answer = member is not null && _unreachable.TryGetValue(member, out var refusal)
            ? new FakeAnswer(refusal, "{\"error\":{\"code\":\"" + (refusal == 404 ? "NotFound" : "Forbidden") + "\",\"message\":\"The bot cannot reach this user\"}}")
            : _script.TryGetValue(path, out var queue) && queue.TryDequeue(out var scripted)
            ? scripted
            : member is not null && NamesPersonalChats ? FakeAnswer.Created(PersonalChatId(member))
            : _default ?? FakeAnswer.Created($"activity-{Interlocked.Increment(ref _nextId)}");
        context.Response.StatusCode = answer.Status;
        foreach (var (name, value) in answer.Headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[name] = value;
        }
        if (answer.Body is not null)
        {
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes(answer.Body));
        }
        // Recorded before answering: a test that sees the response also sees the request.
        _received.Writer.TryWrite(received);
        context.Response.Close();
    }

    public async ValueTask DisposeAsync()
    {
        await _loop.StopAsync();
    }
}
