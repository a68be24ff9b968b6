using System.Net;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace ExpertBot.Tests.Host;

/// <summary>
/// A local HTTP server speaking the Bot Connector's reply endpoint (201 {"id"}), or another channel's
/// answer to it: offline-directline (Web Chat) answers 200 with an empty body.
/// </summary>
internal sealed class FakeConnector : IAsyncDisposable
{
    private readonly int _status;
    private readonly byte[] _answer;
    private readonly HttpListener _listener = new();
    private readonly Channel<(string Path, JsonNode Body)> _received = Channel.CreateUnbounded<(string, JsonNode)>();
    private readonly ListenerLoop _loop;

    public FakeConnector(int status = 201, string answer = """{"id":"r1"}""")
    {
        _status = status;
        _answer = System.Text.Encoding.UTF8.GetBytes(answer);
        var port = Ports.Free();
        BaseUrl = $"http://127.0.0.1:{port}/";
        _listener.Prefixes.Add(BaseUrl);
        _loop = new ListenerLoop(_listener, AnswerAsync);
    }

    public string BaseUrl { get; }

    public async Task<(string Path, JsonNode Body)> NextAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await _received.Reader.ReadAsync(cts.Token);
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        using var reader = new StreamReader(context.Request.InputStream);
        var body = JsonNode.Parse(await reader.ReadToEndAsync())!;
        _received.Writer.TryWrite((context.Request.Url!.AbsolutePath, body));
        context.Response.StatusCode = _status;
        await context.Response.OutputStream.WriteAsync(_answer);
        context.Response.Close();
    }


    public async ValueTask DisposeAsync()
    {
        await _loop.StopAsync();
    }
}
