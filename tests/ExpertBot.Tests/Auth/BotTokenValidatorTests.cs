using ExpertBot.Protocol.Auth;
using Microsoft.Extensions.Time.Testing;

namespace ExpertBot.Tests.Auth;

/// <summary>The validator on its own: its result record and the cases the host tests do not reach.</summary>
public sealed class BotTokenValidatorTests : IAsyncLifetime
{
    private const string AppId = "0c7e5e1a-2b3c-4d5e-8f90-0000000000aa";
    private const string Tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    private const string ServiceUrl = "https://smba.trafficmanager.net/emea/";

    private readonly TestKey _teams = new("bf-1", "msteams");
    private readonly TestKey _entra = new("entra-1");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
    private readonly HttpClient _http = new();
    private FakeOpenIdServer _server = null!;

    public Task InitializeAsync()
    {
        _server = new FakeOpenIdServer(Tenant, [_teams], [_entra]);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private BotTokenValidator Validator(string? tenant = Tenant, string? metadataUrl = null) => new(
        new BotAuthSettings(AppId, tenant, new Uri(metadataUrl ?? _server.BotMetadataUrl), new Uri(_server.EntraAuthority)),
        () => _http, _time);

    private string BotToken() => "Bearer " + TestJwt.Sign(_teams, TestJwt.BotConnectorClaims(AppId, ServiceUrl, _time.GetUtcNow()));

    private string EntraToken() => "Bearer " + TestJwt.Sign(_entra,
        TestJwt.EntraClaims($"https://sts.windows.net/{Tenant}/", AppId, Tenant, _time.GetUtcNow(), v1: true));

    [Fact]
    public async Task A_bot_connector_token_yields_its_source_and_claims()
    {
        var result = await Validator().ValidateAsync(BotToken(), "msteams", ServiceUrl, CancellationToken.None);

        Assert.True(result.IsAuthenticated, result.Reason);
        Assert.Equal(TokenSource.BotConnector, result.Source);
        Assert.Null(result.AppId); // the Connector's tokens name no calling app
        Assert.Equal(ServiceUrl, result.Identity!.FindFirst("serviceurl")!.Value);
        Assert.Equal(AppId, result.Identity.FindFirst("aud")!.Value);
    }

    [Fact]
    public async Task An_entra_token_yields_the_calling_app_id()
    {
        var result = await Validator().ValidateAsync(EntraToken(), "msteams", ServiceUrl, CancellationToken.None);

        Assert.True(result.IsAuthenticated, result.Reason);
        Assert.Equal(TokenSource.Entra, result.Source);
        Assert.Equal("d6d49420-f39b-4df7-a1dc-d59a935871db", result.AppId);
        Assert.Equal(1, _server.EntraMetadataHits);
        Assert.Equal(0, _server.BotMetadataHits);
    }

    [Fact]
    public async Task Without_a_tenant_id_entra_tokens_are_refused()
    {
        var result = await Validator(tenant: null).ValidateAsync(EntraToken(), "msteams", ServiceUrl, CancellationToken.None);

        Assert.Equal(BotAuthOutcome.Refused, result.Outcome);
        Assert.Contains("untrusted issuer", result.Reason, StringComparison.Ordinal);
        Assert.Equal(0, _server.EntraMetadataHits);
    }

    [Fact]
    public async Task Unreachable_metadata_is_unavailable_not_a_refusal()
    {
        var dead = $"http://127.0.0.1:{Ports.Free()}/v1/.well-known/openidconfiguration";

        var result = await Validator(metadataUrl: dead).ValidateAsync(BotToken(), "msteams", ServiceUrl, CancellationToken.None);

        Assert.Equal(BotAuthOutcome.Unavailable, result.Outcome);
        Assert.Contains("HttpRequestException", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refusals_before_the_key_lookup_do_not_touch_the_metadata_server()
    {
        var validator = Validator();
        var forged = "Bearer " + TestJwt.Sign(new TestKey("forged"),
            TestJwt.BotConnectorClaims(AppId, "https://evil.example/", _time.GetUtcNow()));

        var result = await validator.ValidateAsync(forged, "msteams", ServiceUrl, CancellationToken.None);

        Assert.Equal(BotAuthOutcome.Refused, result.Outcome);
        Assert.Equal(0, _server.BotMetadataHits);
    }

    [Fact]
    public void Settings_derive_audiences_and_the_tenant_metadata_url()
    {
        var settings = new BotAuthSettings(AppId, Tenant, new Uri(BotAuthSettings.DefaultOpenIdMetadataUrl), new Uri("https://login.microsoftonline.com/"));

        Assert.Equal([AppId, $"api://{AppId}", $"api://botid-{AppId}"], settings.Audiences);
        Assert.Equal($"https://login.microsoftonline.com/{Tenant}/v2.0/.well-known/openid-configuration", settings.EntraMetadataUrl(Tenant).AbsoluteUri);
    }

    [Theory]
    [InlineData("https://login.botframework.com/v1/.well-known/openidconfiguration", true)]
    [InlineData("http://127.0.0.1:5000/keys", true)]
    [InlineData("http://localhost:5000/keys", true)]
    [InlineData("http://login.botframework.com/v1/.well-known/openidconfiguration", false)]
    [InlineData("ftp://login.botframework.com/keys", false)]
    [InlineData("file:///etc/passwd", false)]
    public void Keys_come_over_https_or_loopback_http_only(string url, bool acceptable) =>
        Assert.Equal(acceptable, BotAuthSettings.IsAcceptableKeyUrl(new Uri(url)));
}
