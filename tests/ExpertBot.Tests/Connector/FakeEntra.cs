using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Web;

namespace ExpertBot.Tests.Connector;

/// <summary>One token request: the path (authority + endpoint) and its form fields.</summary>
internal sealed record TokenRequest(string Path, IReadOnlyDictionary<string, string> Form, IReadOnlyDictionary<string, string> Query);

/// <summary>
/// A local HTTP server speaking the Entra ID v2.0 token endpoint (client credentials) and the Azure
/// IMDS managed-identity endpoint wire formats: JSON with access_token, token_type and expires_in.
/// </summary>
internal sealed class FakeEntra : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<TokenRequest> _requests = new();
    private readonly ListenerLoop _loop;
    private int _issued;

    public FakeEntra()
    {
        BaseUrl = new Uri($"http://127.0.0.1:{Ports.Free()}/");
        _listener.Prefixes.Add(BaseUrl.ToString());
        _loop = new ListenerLoop(_listener, AnswerAsync);
    }

    public Uri BaseUrl { get; }

    /// <summary>Lifetime of the tokens handed out; MSAL treats anything under 5 minutes as near expiry.</summary>
    public int ExpiresInSeconds { get; set; } = 3600;

    /// <summary>When set, the token endpoint refuses with this Entra error code (HTTP 401).</summary>
    public string? RefuseWith { get; set; }

    public IReadOnlyList<TokenRequest> Requests => [.. _requests];

    /// <summary>The access token of the n-th issued token (1-based), as the fake mints them.</summary>
    public static string Token(int n) => $"fake-bot-token-{n}";

    private async Task AnswerAsync(HttpListenerContext context)
    {
        using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
        var form = HttpUtility.ParseQueryString(await reader.ReadToEndAsync());
        var query = HttpUtility.ParseQueryString(context.Request.Url!.Query);
        _requests.Enqueue(new TokenRequest(context.Request.Url.AbsolutePath,
            form.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => form[k]!),
            query.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => query[k]!)));
        string body;
        if (RefuseWith is { } error)
        {
            context.Response.StatusCode = 401;
            body = $$"""{"error":"{{error}}","error_description":"AADSTS7000215: Invalid client secret provided.","error_codes":[7000215]}""";
        }
        else
        {
            var token = Token(Interlocked.Increment(ref _issued));
            var expiresOn = DateTimeOffset.UtcNow.AddSeconds(ExpiresInSeconds).ToUnixTimeSeconds();
            // Entra sends expires_in as a number; IMDS sends strings (and expires_on, resource). MSAL reads both.
            body = context.Request.Url.AbsolutePath.StartsWith("/metadata/identity", StringComparison.Ordinal)
                ? $$"""{"access_token":"{{token}}","expires_in":"{{ExpiresInSeconds}}","expires_on":"{{expiresOn}}","resource":"https://api.botframework.com","token_type":"Bearer"}"""
                : $$"""{"token_type":"Bearer","expires_in":{{ExpiresInSeconds}},"ext_expires_in":{{ExpiresInSeconds}},"access_token":"{{token}}"}""";
        }
        context.Response.ContentType = "application/json";
        await context.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes(body));
        context.Response.Close();
    }

    public async ValueTask DisposeAsync()
    {
        await _loop.StopAsync();
    }
}
