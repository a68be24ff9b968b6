using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ExpertBot.Tests.Auth;
using ExpertBot.Tests.Host;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ExpertBot.Tests.Tab;

/// <summary>
/// The bot with auth on for the tab's API tests, signed in through a local Entra OpenID/JWKS server: tokens as Entra
/// issues them for the tab's resource (or tampered, expired, for another audience), sent as the page sends them.
/// The background worker is off, so jobs stay as a test leaves them.
/// </summary>
internal sealed class TabHost : IAsyncDisposable
{
    public const string AppId = AuthHostFixture.AppId;
    public const string Tenant = AuthHostFixture.TenantId;
    public const string Domain = "expertbot.contoso.example";

    private readonly TestKey _entraKey = new("entra-tab-1");
    private readonly FakeOpenIdServer _openId;
    private readonly BotApp _root;
    private readonly HttpClient _client;

    public TabHost(FakeTimeProvider time, params (string Key, string Value)[] settings)
    {
        Time = time;
        _openId = new FakeOpenIdServer(Tenant, [], [_entraKey]);
        _root = new BotApp();
        App = _root.WithWebHostBuilder(web =>
        {
            web.UseSetting("MicrosoftAppId", AppId);
            web.UseSetting("MicrosoftAppTenantId", Tenant);
            web.UseSetting("MicrosoftAppType", "SingleTenant");
            web.UseSetting("MicrosoftAppPassword", "test-only-secret");
            web.UseSetting("BotFramework:EntraAuthority", _openId.EntraAuthority);
            web.UseSetting("TeamsApp:Domain", Domain);
            web.UseSetting("Storage:Jobs:WorkerEnabled", "false");
            foreach (var (key, value) in settings)
            {
                web.UseSetting(key, value);
            }
            web.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(time));
        });
        _client = App.CreateClient();
    }

    public FakeTimeProvider Time { get; }

    public WebApplicationFactory<Program> App { get; }

    public IServiceProvider Services => App.Services;

    /// <summary>The app's client as the page has it: no token, no headers (tests add their own).</summary>
    public HttpClient Client => _client;

    /// <summary>The id of the tenant's signing key, as a forgery or an unsigned token would name it.</summary>
    public string KeyId => _entraKey.Kid;

    public JsonObject Claims(string user, string? audience = null, string? issuerTenant = null)
    {
        var claims = TestJwt.EntraClaims($"https://login.microsoftonline.com/{issuerTenant ?? Tenant}/v2.0", audience ?? $"api://{Domain}/{AppId}", issuerTenant ?? Tenant, Time.GetUtcNow());
        claims["oid"] = user;
        claims["name"] = $"User {user[..8]}";
        return claims;
    }

    public string Token(string user) => Sign(Claims(user));

    /// <summary><paramref name="claims"/> signed with the tenant's key, as Entra signs them.</summary>
    public string Sign(JsonObject claims) => TestJwt.Sign(_entraKey, claims);

    /// <summary>Tokens that must not sign <paramref name="user"/> in, by what is wrong with them.</summary>
    public IReadOnlyDictionary<string, string> BadTokens(string user, string someoneElse)
    {
        var expired = Claims(user);
        expired["exp"] = TestJwt.Epoch(Time.GetUtcNow().AddMinutes(-10));
        return new Dictionary<string, string>
        {
            ["tampered"] = TestJwt.WithPayload(Token(someoneElse), Claims(user)),
            ["expired"] = TestJwt.Sign(_entraKey, expired),
            ["wrong audience"] = TestJwt.Sign(_entraKey, Claims(user, audience: "api://other.example/" + AppId)),
        };
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        return await _client.SendAsync(request);
    }

    public async Task<JsonNode> JsonAsync(string path, string user)
    {
        var response = await SendAsync(HttpMethod.Get, path, Token(user));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await App.DisposeAsync();
        await _root.DisposeAsync();
        await _openId.DisposeAsync();
    }
}
