using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace ExpertBot.Tests.Knowledge.Articles;

/// <summary>
/// A local Azure OpenAI speaking the documented Chat Completions wire format: POST
/// /openai/deployments/{deployment}/chat/completions?api-version=..., api-key header, {"messages": [{"role","content"}],
/// ...}; answers {"id","object":"chat.completion","created","model","choices":[{"index":0,"message":{"role":"assistant",
/// "content"},"finish_reason":"stop"}],"usage":{...}}. What the "model" says is the test's <see cref="Answer"/> (given the
/// request's user message), or an error status with <see cref="FailWith"/>.
/// </summary>
internal sealed class FakeAzureOpenAIChat : IAsyncDisposable
{
    public const string Deployment = "gpt-4o-mini";
    public const string Key = "chat-test-key";
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<JsonObject> _requests = new();
    private readonly ListenerLoop _loop;

    public FakeAzureOpenAIChat()
    {
        Endpoint = $"http://127.0.0.1:{Ports.Free()}/";
        _listener.Prefixes.Add(Endpoint);
        _loop = new ListenerLoop(_listener, AnswerAsync);
    }

    public string Endpoint { get; }

    /// <summary>The assistant message's content for a request's user message.</summary>
    public Func<string, string> Answer { get; set; } = _ => "{}";

    /// <summary>When set, every request is answered with this status and an error body (429 with Retry-After).</summary>
    public int? FailWith { get; set; }

    /// <summary>
    /// A model that does not answer in time: for a request whose user message this returns a gate for, the server says so on
    /// <c>Arrived</c> and answers only once <c>Release</c> completes (the client has usually hung up by then).
    /// </summary>
    public Func<string, (TaskCompletionSource Arrived, Task Release)?> Hold { get; set; } = _ => null;

    public IReadOnlyList<JsonObject> Requests => [.. _requests];

    /// <summary>The requests for article drafts (the customer reply and topic extraction call the same deployment).</summary>
    public IReadOnlyList<JsonObject> Drafts => [.. _requests.Where(r => r["messages"]?[0]?["content"]?.ToJsonString().Contains("knowledge articles in KCS structure", StringComparison.Ordinal) == true)];

    public (string Key, string Value)[] Settings() =>
    [
        ("AzureOpenAI:Endpoint", Endpoint),
        ("AzureOpenAI:ChatDeployment", Deployment),
        ("AzureOpenAI:Key", Key),
    ];

    private async Task AnswerAsync(HttpListenerContext context)
    {
        using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
        var body = JsonNode.Parse(await reader.ReadToEndAsync())!.AsObject();
        _requests.Enqueue(body);
        if (UserText(body) is { } asked && Hold(asked) is { } gate)
        {
            gate.Arrived.TrySetResult();
            await gate.Release;
        }
        string answer;
        if (context.Request.Headers["api-key"] != Key || context.Request.Url!.AbsolutePath != $"/openai/deployments/{Deployment}/chat/completions")
        {
            context.Response.StatusCode = 404;
            answer = """{"error":{"code":"DeploymentNotFound","message":"The API deployment for this resource does not exist."}}""";
        }
        else if (FailWith is { } status)
        {
            context.Response.StatusCode = status;
            if (status == 429)
            {
                context.Response.AddHeader("Retry-After", "1");
            }
            answer = new JsonObject { ["error"] = new JsonObject { ["code"] = status.ToString(System.Globalization.CultureInfo.InvariantCulture), ["message"] = "The service failed or is busy." } }.ToJsonString();
        }
        else
        {
            var text = UserText(body) ?? "";
            answer = new JsonObject
            {
                ["id"] = "chatcmpl-test",
                ["object"] = "chat.completion",
                ["created"] = 1_764_835_200,
                ["model"] = Deployment,
                ["choices"] = new JsonArray(new JsonObject
                {
                    ["index"] = 0,
                    ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = Answer(text) },
                    ["finish_reason"] = "stop",
                }),
                ["usage"] = new JsonObject { ["prompt_tokens"] = 100, ["completion_tokens"] = 50, ["total_tokens"] = 150 },
            }.ToJsonString();
        }
        context.Response.ContentType = "application/json";
        await context.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes(answer));
        context.Response.Close();
    }

    private static string? UserText(JsonObject body)
    {
        var user = body["messages"]?.AsArray().LastOrDefault(m => m?["role"]?.GetValue<string>() == "user")?["content"];
        return user switch
        {
            null => null,
            JsonValue v => v.GetValue<string>(),
            _ => string.Concat(user.AsArray().Select(p => p?["text"]?.GetValue<string>())),
        };
    }

    public async ValueTask DisposeAsync() => await _loop.StopAsync();
}
