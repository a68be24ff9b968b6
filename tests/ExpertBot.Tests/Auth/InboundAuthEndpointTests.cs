using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace ExpertBot.Tests.Auth;

/// <summary>
/// POST /api/messages through the real host with an app id set. Each request is sent twice: as a
/// message and as an adaptiveCard/action invoke. The invoke is answered synchronously with a card when
/// the activity is processed, so a 401 with only the generic body proves the bot did nothing with it.
/// (The fake connector cannot witness message turns here: with an app id the bot sends only to
/// trusted Bot Connector hosts, and its outbound side is not built yet.)
/// </summary>
public sealed class InboundAuthEndpointTests(AuthHostFixture host) : IClassFixture<AuthHostFixture>
{
    private const string ServiceUrl = "https://smba.trafficmanager.net/amer/";
    private const string Teams = "msteams";
    private const string OtherTenant = "f8cdef31-a31e-4b4a-93e4-5f571e91255a";
    private const string HelpCardText = "What ExpertBot can do";

    private readonly HttpClient _client = host.Factory.CreateClient();

    private DateTimeOffset Now => host.Time.GetUtcNow();

    private sealed record Attempt(string? Authorization, string ChannelId = Teams, string ActivityServiceUrl = ServiceUrl);

    private JsonObject Bot(Action<JsonObject>? edit = null)
    {
        var claims = TestJwt.BotConnectorClaims(AuthHostFixture.AppId, ServiceUrl, Now);
        edit?.Invoke(claims);
        return claims;
    }

    private JsonObject Entra(string issuer, Action<JsonObject>? edit = null, bool v1 = false)
    {
        var claims = TestJwt.EntraClaims(issuer, AuthHostFixture.AppId, AuthHostFixture.TenantId, Now, v1);
        edit?.Invoke(claims);
        return claims;
    }

    private static string Bearer(string token) => "Bearer " + token;

    private Attempt Good(string name) => name switch
    {
        "bot connector" => new(Bearer(TestJwt.Sign(host.TeamsKey, Bot()))),
        "bot connector, second key" => new(Bearer(TestJwt.Sign(host.TeamsKey2, Bot()))),
        "bot connector, RS384" => new(Bearer(TestJwt.Sign(host.TeamsKey, Bot(), "RS384"))),
        "bot connector, RS512" => new(Bearer(TestJwt.Sign(host.TeamsKey, Bot(), "RS512"))),
        "bot connector, lower-case scheme" => new("bearer " + TestJwt.Sign(host.TeamsKey, Bot())),
        "bot connector, webchat channel endorsed" => new(Bearer(TestJwt.Sign(host.WebChatOnlyKey, Bot())), ChannelId: "webchat"),
        "serviceurl without trailing slash, host in upper case" =>
            new(Bearer(TestJwt.Sign(host.TeamsKey, Bot(c => c["serviceurl"] = "https://SMBA.TrafficManager.net/amer")))),
        "audience api://appId" => new(Bearer(TestJwt.Sign(host.TeamsKey, Bot(c => c["aud"] = $"api://{AuthHostFixture.AppId}")))),
        "audience api://botid-appId" => new(Bearer(TestJwt.Sign(host.TeamsKey, Bot(c => c["aud"] = $"api://botid-{AuthHostFixture.AppId}")))),
        "expired 4 minutes ago, within skew" =>
            new(Bearer(TestJwt.Sign(host.TeamsKey, Bot(c => c["exp"] = TestJwt.Epoch(Now.AddMinutes(-4)))))),
        "valid from 4 minutes ahead, within skew" =>
            new(Bearer(TestJwt.Sign(host.TeamsKey, Bot(c => c["nbf"] = TestJwt.Epoch(Now.AddMinutes(4)))))),
        "entra v2" => new(Bearer(TestJwt.Sign(host.EntraKey, Entra($"https://login.microsoftonline.com/{AuthHostFixture.TenantId}/v2.0")))),
        "entra v1 (sts.windows.net)" =>
            new(Bearer(TestJwt.Sign(host.EntraKey, Entra($"https://sts.windows.net/{AuthHostFixture.TenantId}/", v1: true)))),
        "entra with a matching serviceurl claim" => new(Bearer(TestJwt.Sign(host.EntraKey,
            Entra($"https://login.microsoftonline.com/{AuthHostFixture.TenantId}/v2.0", c => c["serviceurl"] = ServiceUrl)))),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such case"),
    };

    private Attempt Bad(string name) => name switch
    {
        "missing Authorization header" => new(null),
        "Bearer with garbage" => new("Bearer not-a-jwt-at-all"),
        "Bearer with three garbage segments" => new("Bearer abc.def.ghi"),
        "Bearer with nothing" => new("Bearer "),
        "Basic scheme" => new("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{AuthHostFixture.AppId}:secret"))),
        "valid token without a scheme" => new(TestJwt.Sign(host.TeamsKey, Bot())),
        "wrong issuer" => new(Bearer(TestJwt.Sign(host.TeamsKey, Bot(c => c["iss"] = "https://api.botframework.co")))),
        "issuer of another tenant's sts" => new(Bearer(TestJwt.Sign(host.TeamsKey, Bot(c => c["iss"] = $"https://sts.windows.net/{OtherTenant}/")))),
        "wrong audience" => new(Bearer(TestJwt.Sign(host.TeamsKey, Bot(c => c["aud"] = "https://api.botframework.com")))),
        "token for another app" => new(Bearer(TestJwt.Sign(host.TeamsKey, Bot(c => c["aud"] = "0b3c4d5e-0000-4000-8000-00000000beef")))),
        "no audience" => new(Bearer(TestJwt.Sign(host.TeamsKey, Bot(c => c.Remove("aud"))))),
        "expired" => new(Bearer(TestJwt.Sign(host.TeamsKey, Bot(c =>
        {
            c["nbf"] = TestJwt.Epoch(Now.AddHours(-3));
            c["exp"] = TestJwt.Epoch(Now.AddHours(-2));
        })))),
        "expired 6 minutes ago, beyond skew" => new(Bearer(TestJwt.Sign(host.TeamsKey, Bot(c => c["exp"] = TestJwt.Epoch(Now.AddMinutes(-6)))))),
        "not yet valid" => new(Bearer(TestJwt.Sign(host.TeamsKey, Bot(c =>
        {
            c["nbf"] = TestJwt.Epoch(Now.AddHours(1));
            c["exp"] = TestJwt.Epoch(Now.AddHours(2));
        })))),
        "valid from 6 minutes ahead, beyond skew" => new(Bearer(TestJwt.Sign(host.TeamsKey, Bot(c => c["nbf"] = TestJwt.Epoch(Now.AddMinutes(6)))))),
        "missing exp" => new(Bearer(TestJwt.Sign(host.TeamsKey, Bot(c => c.Remove("exp"))))),
        "missing nbf" => new(Bearer(TestJwt.Sign(host.TeamsKey, Bot(c => c.Remove("nbf"))))),
        "alg none" => new(Bearer(TestJwt.Compose(new JsonObject { ["alg"] = "none", ["typ"] = "JWT", ["kid"] = host.TeamsKey.Kid }, Bot(), sign: null))),
        "HS256 signed with the public key as secret" => new(Bearer(HmacSigned(Bot()))),
        "PS256 signed" => new(Bearer(Signed(host.TeamsKey, Bot(), "PS256", RSASignaturePadding.Pss))),
        "ES256 header on an RSA signature" => new(Bearer(TestJwt.Sign(host.TeamsKey, Bot(), "ES256"))),
        "no kid" => new(Bearer(TestJwt.Sign(host.TeamsKey.Rsa, null, Bot()))),
        "unknown kid" => new(Bearer(TestJwt.Sign(new TestKey("bf-forged"), Bot()))),
        "known kid, signed by a key not in the JWKS" => new(Bearer(TestJwt.Sign(new TestKey("rogue").Rsa, host.TeamsKey.Kid, Bot()))),
        "key not endorsed for the channel" => new(Bearer(TestJwt.Sign(host.WebChatOnlyKey, Bot()))),
        "activity from a channel no key endorses" => new(Bearer(TestJwt.Sign(host.TeamsKey, Bot())), ChannelId: "slack"),
        "activity without channelId" => new(Bearer(TestJwt.Sign(host.TeamsKey, Bot())), ChannelId: ""),
        "missing serviceurl claim" => new(Bearer(TestJwt.Sign(host.TeamsKey, Bot(c => c.Remove("serviceurl"))))),
        "mismatched serviceurl" => new(Bearer(TestJwt.Sign(host.TeamsKey, Bot(c => c["serviceurl"] = "https://evil.example.com/amer/")))),
        "serviceurl with another path" => new(Bearer(TestJwt.Sign(host.TeamsKey, Bot(c => c["serviceurl"] = "https://smba.trafficmanager.net/emea/")))),
        "activity without serviceUrl" => new(Bearer(TestJwt.Sign(host.TeamsKey, Bot())), ActivityServiceUrl: ""),
        "tampered payload" => new(Bearer(TestJwt.WithPayload(
            TestJwt.Sign(host.TeamsKey, Bot(c => c["serviceurl"] = "https://elsewhere.example.com/")), Bot()))),
        "entra token from another tenant" =>
            new(Bearer(TestJwt.Sign(host.EntraKey, Entra($"https://login.microsoftonline.com/{OtherTenant}/v2.0")))),
        "entra v1 token from another tenant" =>
            new(Bearer(TestJwt.Sign(host.EntraKey, Entra($"https://sts.windows.net/{OtherTenant}/", v1: true)))),
        "entra token for another app" => new(Bearer(TestJwt.Sign(host.EntraKey,
            Entra($"https://login.microsoftonline.com/{AuthHostFixture.TenantId}/v2.0", c => c["aud"] = "0b3c4d5e-0000-4000-8000-00000000beef")))),
        "entra token expired" => new(Bearer(TestJwt.Sign(host.EntraKey,
            Entra($"https://login.microsoftonline.com/{AuthHostFixture.TenantId}/v2.0", c => c["exp"] = TestJwt.Epoch(Now.AddMinutes(-10)))))),
        "entra token with a mismatched serviceurl" => new(Bearer(TestJwt.Sign(host.EntraKey,
            Entra($"https://login.microsoftonline.com/{AuthHostFixture.TenantId}/v2.0", c => c["serviceurl"] = "https://evil.example.com/")))),
        "entra issuer, signed with a Bot Framework key" =>
            new(Bearer(TestJwt.Sign(host.TeamsKey, Entra($"https://login.microsoftonline.com/{AuthHostFixture.TenantId}/v2.0")))),
        "bot connector issuer, signed with the Entra key" => new(Bearer(TestJwt.Sign(host.EntraKey, Bot()))),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such case"),
    };

    /// <summary>The classic key-confusion forgery: HMAC with the published RSA public key as the secret.</summary>
    private string HmacSigned(JsonObject claims)
    {
        var secret = host.TeamsKey.Rsa.ExportSubjectPublicKeyInfo();
        return TestJwt.Compose(new JsonObject { ["alg"] = "HS256", ["typ"] = "JWT", ["kid"] = host.TeamsKey.Kid }, claims,
            data => HMACSHA256.HashData(secret, data));
    }

    private static string Signed(TestKey key, JsonObject claims, string alg, RSASignaturePadding padding) =>
        TestJwt.Compose(new JsonObject { ["alg"] = alg, ["typ"] = "JWT", ["kid"] = key.Kid }, claims,
            data => key.Rsa.SignData(data, HashAlgorithmName.SHA256, padding));

    private static string Message(Attempt attempt, string? id = null) => $$"""
        {"type":"message","id":"{{id ?? $"m-{Guid.NewGuid():N}"}}","channelId":"{{attempt.ChannelId}}","serviceUrl":"{{attempt.ActivityServiceUrl}}",
         "from":{"id":"29:agent"},"recipient":{"id":"28:bot"},"conversation":{"id":"a:personal-1","conversationType":"personal","tenantId":"{{AuthHostFixture.TenantId}}"},
         "text":"How do I reset SSO for Contoso?"}
        """;

    private static string Invoke(Attempt attempt, string? id = null) => $$"""
        {"type":"invoke","name":"adaptiveCard/action","id":"{{id ?? $"i-{Guid.NewGuid():N}"}}","channelId":"{{attempt.ChannelId}}",
         "serviceUrl":"{{attempt.ActivityServiceUrl}}","from":{"id":"29:agent"},"recipient":{"id":"28:bot"},"conversation":{"id":"a:1","tenantId":"{{AuthHostFixture.TenantId}}"},
         "value":{"action":{"type":"Action.Execute","verb":"showHelp"} } }
        """;

    private async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> PostAsync(string body, string? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }
        var response = await _client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    [Theory]
    [InlineData("bot connector")]
    [InlineData("bot connector, second key")]
    [InlineData("bot connector, RS384")]
    [InlineData("bot connector, RS512")]
    [InlineData("bot connector, lower-case scheme")]
    [InlineData("serviceurl without trailing slash, host in upper case")]
    [InlineData("audience api://appId")]
    [InlineData("audience api://botid-appId")]
    [InlineData("expired 4 minutes ago, within skew")]
    [InlineData("valid from 4 minutes ahead, within skew")]
    [InlineData("entra v2")]
    [InlineData("entra v1 (sts.windows.net)")]
    [InlineData("entra with a matching serviceurl claim")]
    public async Task Valid_token_is_accepted_and_the_activity_processed(string name)
    {
        var attempt = Good(name);

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(Message(attempt), attempt.Authorization)).Status);
        var (status, body, _) = await PostAsync(Invoke(attempt), attempt.Authorization);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(HelpCardText, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_valid_token_from_a_channel_the_bot_does_not_take_is_refused_and_not_processed()
    {
        // The token is genuine and endorsed for webchat, but webchat user ids are whatever its client says: with auth on
        // only msteams, whose senders the Bot Connector vouches for, may act as the company's Teams users.
        var attempt = new Attempt(Bearer(TestJwt.Sign(host.WebChatOnlyKey, Bot())), ChannelId: "webchat");

        var (status, body, _) = await PostAsync(Invoke(attempt), attempt.Authorization);

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.DoesNotContain(HelpCardText, body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(Message(attempt), attempt.Authorization)).Status);
    }

    [Theory]
    [InlineData("72f988bf-0000-0000-0000-000000000000")]
    [InlineData(null)]
    public async Task A_valid_token_for_an_activity_of_another_tenant_is_refused_and_not_processed(string? tenant)
    {
        var attempt = Good("bot connector");
        var other = tenant is null ? "" : $",\"tenantId\":\"{tenant}\"";
        var invoke = Invoke(attempt).Replace($",\"tenantId\":\"{AuthHostFixture.TenantId}\"", other, StringComparison.Ordinal);
        Assert.DoesNotContain(AuthHostFixture.TenantId, invoke, StringComparison.Ordinal);

        var (status, body, _) = await PostAsync(invoke, attempt.Authorization);

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.DoesNotContain(HelpCardText, body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("missing Authorization header", "no Bearer token")]
    [InlineData("Bearer with garbage", "not a JWT")]
    [InlineData("Bearer with three garbage segments", "not a JWT")]
    [InlineData("Bearer with nothing", "no Bearer token")]
    [InlineData("Basic scheme", "no Bearer token")]
    [InlineData("valid token without a scheme", "no Bearer token")]
    [InlineData("wrong issuer", "untrusted issuer")]
    [InlineData("issuer of another tenant's sts", "untrusted issuer")]
    [InlineData("wrong audience", "SecurityTokenInvalidAudienceException")]
    [InlineData("token for another app", "SecurityTokenInvalidAudienceException")]
    [InlineData("no audience", "SecurityTokenInvalidAudienceException")]
    [InlineData("expired", "SecurityTokenExpiredException")]
    [InlineData("expired 6 minutes ago, beyond skew", "SecurityTokenExpiredException")]
    [InlineData("not yet valid", "SecurityTokenNotYetValidException")]
    [InlineData("valid from 6 minutes ahead, beyond skew", "SecurityTokenNotYetValidException")]
    [InlineData("missing exp", "lacks exp or nbf")]
    [InlineData("missing nbf", "lacks exp or nbf")]
    [InlineData("alg none", "algorithm 'none' is not allowed")]
    [InlineData("HS256 signed with the public key as secret", "algorithm 'HS256' is not allowed")]
    [InlineData("PS256 signed", "algorithm 'PS256' is not allowed")]
    [InlineData("ES256 header on an RSA signature", "algorithm 'ES256' is not allowed")]
    [InlineData("no kid", "names no signing key")]
    [InlineData("unknown kid", "unknown BotConnector signing key id 'bf-forged'")]
    [InlineData("known kid, signed by a key not in the JWKS", "SecurityTokenInvalidSignatureException")]
    [InlineData("key not endorsed for the channel", "not endorsed for channel 'msteams'")]
    [InlineData("activity from a channel no key endorses", "not endorsed for channel 'slack'")]
    [InlineData("activity without channelId", "not endorsed for channel")]
    [InlineData("missing serviceurl claim", "no serviceurl claim")]
    [InlineData("mismatched serviceurl", "serviceurl claim does not match")]
    [InlineData("serviceurl with another path", "serviceurl claim does not match")]
    [InlineData("activity without serviceUrl", "serviceurl claim does not match")]
    [InlineData("tampered payload", "SecurityTokenInvalidSignatureException")]
    [InlineData("entra token from another tenant", "untrusted issuer")]
    [InlineData("entra v1 token from another tenant", "untrusted issuer")]
    [InlineData("entra token for another app", "SecurityTokenInvalidAudienceException")]
    [InlineData("entra token expired", "SecurityTokenExpiredException")]
    [InlineData("entra token with a mismatched serviceurl", "serviceurl claim does not match")]
    [InlineData("entra issuer, signed with a Bot Framework key", "unknown Entra signing key id")]
    [InlineData("bot connector issuer, signed with the Entra key", "unknown BotConnector signing key id 'entra-1'")]
    public async Task Bad_token_is_401_and_the_activity_is_not_processed(string name, string because)
    {
        var attempt = Bad(name);
        var messageId = $"m-{Guid.NewGuid():N}";
        var invokeId = $"i-{Guid.NewGuid():N}";

        var message = await PostAsync(Message(attempt, messageId), attempt.Authorization);
        var invoke = await PostAsync(Invoke(attempt, invokeId), attempt.Authorization);

        foreach (var (status, body, response) in new[] { message, invoke })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, status);
            // Generic body: nothing says which rule failed, and no card means the invoke handler never ran.
            Assert.Equal("""{"error":"Unauthorized."}""", body);
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
        }
        // Each case fails on the rule it is about (the log names it), not on some earlier accident.
        var lines = host.Logs.Lines.ToArray();
        foreach (var id in new[] { messageId, invokeId })
        {
            var refusal = Assert.Single(lines, l => l.Contains($"Inbound activity {id} refused", StringComparison.Ordinal));
            Assert.Contains(because, refusal, StringComparison.Ordinal);
        }
        if (attempt.Authorization is { Length: > 20 } header)
        {
            // Never log the token: neither the header nor its signature segment.
            var signature = header.Split('.').Last();
            Assert.DoesNotContain(lines, l => l.Contains(header, StringComparison.Ordinal)
                                              || (signature.Length > 20 && l.Contains(signature, StringComparison.Ordinal)));
        }
    }

    [Fact]
    public async Task The_lifetime_is_checked_against_the_injected_clock()
    {
        var attempt = Good("bot connector");
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(Invoke(attempt), attempt.Authorization)).Status);

        // The token expires 59 minutes after "now"; past that plus the 5 minute skew it is refused.
        host.Time.Advance(TimeSpan.FromMinutes(63));
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(Invoke(attempt), attempt.Authorization)).Status);
        host.Time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(Invoke(attempt), attempt.Authorization)).Status);
    }

    [Fact]
    public async Task A_malformed_body_is_still_400_and_a_bad_token_on_a_good_body_is_401()
    {
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync("{not json", "Bearer garbage")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(Message(new Attempt(null)), "Bearer garbage")).Status);
    }

    [Fact]
    public async Task Health_endpoints_need_no_token() =>
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/healthz")).StatusCode);
}
