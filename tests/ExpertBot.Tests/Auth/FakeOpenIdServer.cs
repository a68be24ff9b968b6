using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace ExpertBot.Tests.Auth;

/// <summary>
/// A local stand-in for login.botframework.com and login.microsoftonline.com: the Bot Framework OpenID
/// metadata and JWKS (keys with endorsements), and one Entra tenant's v2.0 metadata and JWKS, in the
/// documents' published shapes. Keys can be rotated and the server made to fail.
/// </summary>
internal sealed class FakeOpenIdServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ListenerLoop _loop;
    private volatile TestKey[] _botKeys;
    private volatile TestKey[] _entraKeys;
    private int _botMetadataHits;
    private int _entraMetadataHits;

    public FakeOpenIdServer(string tenantId, TestKey[] botKeys, TestKey[] entraKeys)
    {
        TenantId = tenantId;
        _botKeys = botKeys;
        _entraKeys = entraKeys;
        BaseUrl = $"http://127.0.0.1:{Ports.Free()}/";
        _listener.Prefixes.Add(BaseUrl);
        _loop = new ListenerLoop(_listener, AnswerAsync);
    }

    public string BaseUrl { get; }
    public string TenantId { get; }
    public string BotMetadataUrl => BaseUrl + "botframework/v1/.well-known/openidconfiguration";
    public string EntraAuthority => BaseUrl + "entra";
    public int BotMetadataHits => Volatile.Read(ref _botMetadataHits);
    public int EntraMetadataHits => Volatile.Read(ref _entraMetadataHits);

    /// <summary>When set, every request gets a 500 (metadata outage).</summary>
    public bool Failing { get; set; }

    public void RotateBotKeys(params TestKey[] keys) => _botKeys = keys;

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var (status, body) = Answer(context.Request.Url!.AbsolutePath);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes(body));
        context.Response.Close();
    }

    private (int Status, string Body) Answer(string path)
    {
        var entra = $"/entra/{TenantId}/";
        if (path == "/botframework/v1/.well-known/openidconfiguration")
        {
            Interlocked.Increment(ref _botMetadataHits);
        }
        else if (path == entra + "v2.0/.well-known/openid-configuration")
        {
            Interlocked.Increment(ref _entraMetadataHits);
        }
        if (Failing)
        {
            return (500, """{"error":"unavailable"}""");
        }
        return path switch
        {
            "/botframework/v1/.well-known/openidconfiguration" => (200, new JsonObject
            {
                ["issuer"] = "https://api.botframework.com",
                ["authorization_endpoint"] = "https://invalid.botframework.com",
                ["jwks_uri"] = BaseUrl + "botframework/v1/.well-known/keys",
                ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
                ["token_endpoint_auth_methods_supported"] = new JsonArray("private_key_jwt"),
            }.ToJsonString()),
            "/botframework/v1/.well-known/keys" => (200, Jwks(_botKeys)),
            _ when path == entra + "v2.0/.well-known/openid-configuration" => (200, new JsonObject
            {
                ["token_endpoint"] = $"https://login.microsoftonline.com/{TenantId}/oauth2/v2.0/token",
                ["jwks_uri"] = $"{BaseUrl}entra/{TenantId}/discovery/v2.0/keys",
                ["issuer"] = $"https://login.microsoftonline.com/{TenantId}/v2.0",
                ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
                ["tenant_region_scope"] = "EU",
            }.ToJsonString()),
            _ when path == entra + "discovery/v2.0/keys" => (200, Jwks(_entraKeys)),
            _ => (404, """{"error":"not found"}"""),
        };
    }

    private static string Jwks(TestKey[] keys) =>
        new JsonObject { ["keys"] = new JsonArray([.. keys.Select(k => (JsonNode)k.ToJwk())]) }.ToJsonString();

    public async ValueTask DisposeAsync()
    {
        await _loop.StopAsync();
    }
}
