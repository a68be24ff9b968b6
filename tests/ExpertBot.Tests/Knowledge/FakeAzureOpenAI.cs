using System.Collections.Concurrent;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ExpertBot.Tests.Knowledge;

/// <summary>One embeddings request as the fake received it.</summary>
internal sealed record EmbeddingsRequest(string Path, string? ApiVersion, string? ApiKey, IReadOnlyList<string> Inputs, int? Dimensions, string? EncodingFormat);

/// <summary>
/// A local Azure OpenAI speaking the documented Embeddings wire format: POST
/// /openai/deployments/{deployment}/embeddings?api-version=..., api-key header, {"input": [...], "dimensions": n,
/// "encoding_format": "float"|"base64"}; answers {"object":"list","data":[{"object":"embedding","index":i,"embedding":...}],
/// "model":...,"usage":{...}}, with the vector as floats or as base64 of little-endian float32s. Its vectors are hashed
/// bags of words (texts sharing words point the same way), enough for ranking tests without a model.
/// </summary>
internal sealed class FakeAzureOpenAI : IAsyncDisposable
{
    public const string Deployment = "text-embedding-3-small";
    public const string Key = "test-key";
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<EmbeddingsRequest> _requests = new();
    private readonly ListenerLoop _loop;

    public FakeAzureOpenAI()
    {
        Endpoint = $"http://127.0.0.1:{Ports.Free()}/";
        _listener.Prefixes.Add(Endpoint);
        _loop = new ListenerLoop(_listener, AnswerAsync);
    }

    public string Endpoint { get; }

    /// <summary>When set, every request is refused with this status (401: a wrong key).</summary>
    public int? FailWith { get; set; }

    public IReadOnlyList<EmbeddingsRequest> Requests => [.. _requests];

    /// <summary>Texts embedded so far, over all requests.</summary>
    public int TextsEmbedded => _requests.Sum(r => r.Inputs.Count);

    public Dictionary<string, string?> Settings(int dimensions = 256) => new()
    {
        ["AzureOpenAI:Endpoint"] = Endpoint,
        ["AzureOpenAI:EmbeddingsDeployment"] = Deployment,
        ["AzureOpenAI:Key"] = Key,
        ["AzureOpenAI:EmbeddingsDimensions"] = dimensions.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public static float[] Vector(string text, int dimensions)
    {
        var vector = new float[dimensions];
        foreach (var word in text.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var hash = 2166136261u;
            foreach (var c in word.Trim('.', ',', '?', '!', ':'))
            {
                hash = (hash ^ c) * 16777619u;
            }
            vector[hash % (uint)dimensions] += 1;
        }
        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        return norm == 0 ? vector : [.. vector.Select(v => v / norm)];
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
        var body = JsonNode.Parse(await reader.ReadToEndAsync())!.AsObject();
        var inputs = body["input"] is JsonArray array ? array.Select(i => i!.GetValue<string>()).ToList() : [body["input"]!.GetValue<string>()];
        var dimensions = body["dimensions"]?.GetValue<int>();
        var format = body["encoding_format"]?.GetValue<string>();
        _requests.Enqueue(new EmbeddingsRequest(context.Request.Url!.AbsolutePath, context.Request.QueryString["api-version"],
            context.Request.Headers["api-key"], inputs, dimensions, format));

        string answer;
        if (FailWith is { } status || context.Request.Headers["api-key"] != Key)
        {
            context.Response.StatusCode = FailWith ?? 401;
            answer = """{"error":{"code":"401","message":"Access denied due to invalid subscription key or wrong API endpoint."}}""";
        }
        else if (context.Request.Url.AbsolutePath != $"/openai/deployments/{Deployment}/embeddings")
        {
            context.Response.StatusCode = 404;
            answer = """{"error":{"code":"DeploymentNotFound","message":"The API deployment for this resource does not exist."}}""";
        }
        else
        {
            var data = new JsonArray();
            for (var i = 0; i < inputs.Count; i++)
            {
                var vector = Vector(inputs[i], dimensions ?? 1536);
                JsonNode embedding = format == "base64"
                    ? Convert.ToBase64String(MemoryMarshal.AsBytes(vector.AsSpan()))
                    : new JsonArray([.. vector.Select(v => (JsonNode)v)]);
                data.Add(new JsonObject { ["object"] = "embedding", ["index"] = i, ["embedding"] = embedding });
            }
            var tokens = inputs.Sum(t => t.Split(' ').Length);
            answer = new JsonObject
            {
                ["object"] = "list",
                ["data"] = data,
                ["model"] = "text-embedding-3-small",
                ["usage"] = new JsonObject { ["prompt_tokens"] = tokens, ["total_tokens"] = tokens },
            }.ToJsonString(new JsonSerializerOptions());
        }
        context.Response.ContentType = "application/json";
        await context.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes(answer));
        context.Response.Close();
    }

    public async ValueTask DisposeAsync() => await _loop.StopAsync();
}
