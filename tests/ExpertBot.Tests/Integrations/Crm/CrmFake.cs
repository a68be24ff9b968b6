using System.Collections.Concurrent;
using System.Collections.Specialized;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using System.Text;
using System.Text.Json.Nodes;
using System.Web;

namespace ExpertBot.Tests.Integrations.Crm;

/// <summary>One request as a fake CRM received it.</summary>
internal sealed record FakeRequest(string Method, string Path, NameValueCollection Query, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public JsonNode? Json => string.IsNullOrWhiteSpace(Body) ? null : JsonNode.Parse(Body);

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public override string ToString() => $"{Method} {Path}";
}

/// <summary>A fake's answer: status, JSON body (null = empty), extra headers.</summary>
internal sealed record FakeResponse(int Status, JsonNode? Body = null, IReadOnlyDictionary<string, string>? Headers = null);

/// <summary>What a fake does instead of answering one matching request.</summary>
internal sealed record Fault(int Status, string? RetryAfter, bool Hang, bool CrashAfterWrite, string? Code = null)
{
    /// <summary>Answers with this status (and Retry-After, and the product's error code) in the product's error format; nothing is written.</summary>
    public static Fault Answer(int status, string? retryAfter = null, string? code = null) => new(status, retryAfter, false, false, code);

    /// <summary>Never answers (until the fake stops): the client's time-out has to end it.</summary>
    public static Fault Hanging() => new(0, null, true, false);

    /// <summary>Does the work (stores the note), then drops the connection without an answer: a crash between write and acknowledgement.</summary>
    public static Fault Crash() => new(0, null, false, true);
}

/// <summary>A fault waiting for its request; <see cref="Hit"/> completes when one arrived.</summary>
internal sealed class InjectedFault(Func<FakeRequest, bool> match, Fault fault)
{
    private readonly TaskCompletionSource<FakeRequest> _hit = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Func<FakeRequest, bool> Match { get; } = match;
    public Fault Fault { get; } = fault;
    public Task<FakeRequest> Hit => _hit.Task;

    public void Fire(FakeRequest request) => _hit.TrySetResult(request);

    /// <summary>Waits (bounded, real time) for the request this fault caught.</summary>
    public async Task<FakeRequest> HitAsync() => await Hit.WaitAsync(TimeSpan.FromSeconds(20));
}

/// <summary>
/// The base of the local CRM fakes: a Kestrel server on 127.0.0.1 (HttpListener cannot drop a connection without an
/// answer on Linux: its Abort() closes the response stream, which first writes a default 200), a request log, and
/// one-shot faults injected per request (status with Retry-After, hang, crash after write). Subclasses speak their
/// product's paths, JSON shapes, auth and error format, and keep state.
/// </summary>
internal abstract class CrmFake : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<InjectedFault> _faults = [];
    private readonly TaskCompletionSource _stopping = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected CrmFake()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        // Port 0: the OS picks a free port as Kestrel binds, so fakes started side by side never race for one.
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.Run(ServeAsync);
        // Started off the test's synchronization context: blocking on it there could starve xunit's few threads.
        Task.Run(() => _app.StartAsync()).GetAwaiter().GetResult();
        BaseUrl = new Uri(_app.Urls.Single() + "/");
    }

    protected Lock Gate { get; } = new();

    public Uri BaseUrl { get; }

    public ConcurrentQueue<FakeRequest> Requests { get; } = new();

    /// <summary>While set, the product is down: every request gets this status (503, say), whatever it asks.</summary>
    public int? DownWith { get; set; }

    /// <summary>The next request matching <paramref name="match"/> meets <paramref name="fault"/> instead (once).</summary>
    public InjectedFault Inject(Func<FakeRequest, bool> match, Fault fault)
    {
        var injected = new InjectedFault(match, fault);
        lock (Gate)
        {
            _faults.Add(injected);
        }
        return injected;
    }

    /// <summary>The product's state change and answer for an authorized request (called under <see cref="Gate"/>).</summary>
    protected abstract FakeResponse Handle(FakeRequest request);

    /// <summary>An error in the product's own format.</summary>
    protected abstract FakeResponse Error(int status, string code, string message);

    /// <summary>Whether the request carries credentials this product would accept.</summary>
    protected abstract bool Authorized(FakeRequest request);

    /// <summary>What a 429 says in this product (error code and message).</summary>
    protected virtual (string Code, string Message) Throttled => ("TooManyRequests", "Rate limit exceeded");

    private async Task ServeAsync(HttpContext context)
    {
        var request = await ReadAsync(context.Request);
        Requests.Enqueue(request);
        InjectedFault? fault;
        lock (Gate)
        {
            fault = _faults.FirstOrDefault(f => f.Match(request));
            if (fault is not null)
            {
                _faults.Remove(fault);
            }
        }
        fault?.Fire(request);
        if (DownWith is { } down)
        {
            await WriteAsync(context.Response, Error(down, "ServiceUnavailable", "down for maintenance"));
            return;
        }
        if (fault?.Fault is { Hang: true })
        {
            await Task.WhenAny(_stopping.Task, Task.Delay(Timeout.Infinite, context.RequestAborted));
            context.Abort();
            return;
        }
        if (fault?.Fault is { Status: > 0 } answer)
        {
            var (code, message) = answer.Code is { } given ? (given, "injected failure") : answer.Status == 429 ? Throttled : answer.Status == 401 ? ("Unauthorized", "token expired") : ("ServerError", "injected failure");
            var error = Error(answer.Status, code, message);
            if (answer.RetryAfter is not null)
            {
                error = error with { Headers = new Dictionary<string, string>(error.Headers ?? new Dictionary<string, string>()) { ["Retry-After"] = answer.RetryAfter } };
            }
            await WriteAsync(context.Response, error);
            return;
        }
        FakeResponse response;
        if (!Authorized(request))
        {
            response = Error(401, "Unauthorized", "Authentication failed");
        }
        else
        {
            lock (Gate)
            {
                response = Handle(request);
            }
        }
        if (fault?.Fault is { CrashAfterWrite: true })
        {
            // Stored, and gone before a byte of the answer: the connection is reset.
            context.Abort();
            return;
        }
        await WriteAsync(context.Response, response);
    }

    private static async Task<FakeRequest> ReadAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        return new FakeRequest(request.Method, request.Path.Value ?? "/", HttpUtility.ParseQueryString(request.QueryString.Value ?? ""), headers, body);
    }

    private static async Task WriteAsync(HttpResponse response, FakeResponse answer)
    {
        response.StatusCode = answer.Status;
        foreach (var (name, value) in answer.Headers ?? new Dictionary<string, string>())
        {
            response.Headers[name] = value;
        }
        if (answer.Body is not null)
        {
            response.ContentType = "application/json; charset=utf-8";
            await response.WriteAsync(answer.Body.ToJsonString());
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stopping.TrySetResult();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
