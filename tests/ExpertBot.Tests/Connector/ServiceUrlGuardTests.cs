using ExpertBot.Protocol.Activities;
using ExpertBot.Protocol.Connector;
using Microsoft.Extensions.Options;

namespace ExpertBot.Tests.Connector;

/// <summary>The SSRF guard: tokens only go to trusted Bot Connector hosts over https; refused means nothing sent.</summary>
public sealed class ServiceUrlGuardTests
{
    private static Activity Hello => new() { Type = "message", Text = "hello" };

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("http://smba.trafficmanager.net/teams/")]
    [InlineData("https://evilbotframework.com/")]
    [InlineData("https://smba.trafficmanager.net.evil.example/")]
    [InlineData("https://smba.trafficmanager.net@evil.example/")]
    [InlineData("https://smba.trafficmanager.net/teams/?next=https://evil.example")]
    [InlineData("ftp://smba.trafficmanager.net/")]
    [InlineData("/relative/only")]
    [InlineData("")]
    public async Task Untrusted_service_url_is_refused_and_nothing_is_sent_nor_any_token_requested(string serviceUrl)
    {
        await using var h = ConnectorHarness.SingleTenant();

        var error = await Assert.ThrowsAsync<UntrustedServiceUrlException>(
            () => h.Client.SendToConversationAsync(serviceUrl, "a:1", Hello, CancellationToken.None));

        Assert.Contains("nothing was sent", error.Message, StringComparison.Ordinal);
        Assert.Empty(h.Connector.All);
        Assert.Empty(h.Entra.Requests);
    }

    [Fact]
    public async Task Loopback_is_refused_when_auth_is_on()
    {
        await using var h = ConnectorHarness.SingleTenant();

        var error = await Assert.ThrowsAsync<UntrustedServiceUrlException>(
            () => h.Client.SendToConversationAsync(h.LoopbackServiceUrl, "a:1", Hello, CancellationToken.None));

        Assert.Contains("authentication is off", error.Message, StringComparison.Ordinal);
        Assert.Empty(h.Connector.All);
        Assert.Empty(h.Entra.Requests);
    }

    [Fact]
    public async Task Trusted_host_gets_the_request_with_the_bot_token()
    {
        await using var h = ConnectorHarness.SingleTenant();

        await h.Client.SendToConversationAsync(ConnectorHarness.TeamsServiceUrl, "a:1", Hello, CancellationToken.None);

        var request = await h.Connector.NextAsync();
        Assert.Equal("smba.trafficmanager.net", request.OriginalHost);
        Assert.Equal("/teams/v3/conversations/a%3A1/activities", request.RawPath);
        Assert.Equal($"Bearer {FakeEntra.Token(1)}", request.Authorization);
    }

    [Fact]
    public async Task Configured_hosts_replace_the_defaults()
    {
        await using var h = ConnectorHarness.SingleTenant(("BotFramework:TrustedServiceUrlHosts:0", "evil.example"));

        await h.Client.SendToConversationAsync("https://evil.example/", "a:1", Hello, CancellationToken.None);
        await Assert.ThrowsAsync<UntrustedServiceUrlException>(
            () => h.Client.SendToConversationAsync(ConnectorHarness.TeamsServiceUrl, "a:1", Hello, CancellationToken.None));

        Assert.Equal("evil.example", Assert.Single(h.Connector.All).OriginalHost);
    }

    [Theory]
    [InlineData("https://smba.trafficmanager.net/amer/", true)]
    [InlineData("https://SMBA.TrafficManager.NET/emea/", true)]
    [InlineData("https://europe.webchat.botframework.com/", true)]
    [InlineData("https://smba.infra.gov.teams.microsoft.us/teams", true)]
    [InlineData("https://smba.infra.gcc.teams.microsoft.com/teams", true)]
    [InlineData("https://smba.infra.dod.teams.microsoft.us/teams", true)]
    [InlineData("https://botframework.com/", false)]
    [InlineData("https://smba.infra.gov.teams.microsoft.us.evil.example/", false)]
    public void Default_hosts(string serviceUrl, bool trusted)
    {
        var ok = true;
        try
        {
            ServiceUrlGuard.Check(serviceUrl, BotConnectorOptions.DefaultTrustedHosts, authEnabled: true);
        }
        catch (UntrustedServiceUrlException)
        {
            ok = false;
        }
        Assert.Equal(trusted, ok);
    }

    [Theory]
    [InlineData("http://localhost:56150/_connector", "http://localhost:56150/_connector/")]
    [InlineData("http://127.0.0.1:3978", "http://127.0.0.1:3978/")]
    [InlineData("http://[::1]:1234/x/", "http://[::1]:1234/x/")]
    public void Loopback_is_allowed_with_auth_off_as_a_base_url(string serviceUrl, string expected) =>
        Assert.Equal(expected, ServiceUrlGuard.Check(serviceUrl, BotConnectorOptions.DefaultTrustedHosts, authEnabled: false).ToString());

    [Theory]
    [InlineData("*")]
    [InlineData("*.com")]
    [InlineData("https://smba.trafficmanager.net")]
    [InlineData("smba.trafficmanager.net:443")]
    [InlineData("smba.trafficmanager.net/teams")]
    [InlineData("a.*.example")]
    public async Task Bad_trusted_host_entries_fail_validation_at_start(string entry)
    {
        await using var h = ConnectorHarness.AuthOff(("BotFramework:TrustedServiceUrlHosts:0", entry));

        var error = Assert.Throws<OptionsValidationException>(() => h.Get<IOptions<BotConnectorOptions>>().Value);

        Assert.Contains(entry, error.Message, StringComparison.Ordinal);
    }
}
