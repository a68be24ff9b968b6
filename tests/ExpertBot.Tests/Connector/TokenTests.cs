using ExpertBot.Protocol.Activities;
using ExpertBot.Protocol.Connector;
using Microsoft.Extensions.Options;

namespace ExpertBot.Tests.Connector;

/// <summary>Outbound bot tokens from the (local, fake) Entra token endpoint through MSAL: shape, caching, renewal.</summary>
public sealed class TokenTests
{
    private static Activity Hello => new() { Type = "message", Text = "hello" };

    private static Task<ResourceResponse> Send(ConnectorHarness h) =>
        h.Client.SendToConversationAsync(ConnectorHarness.TeamsServiceUrl, "a:1", Hello, CancellationToken.None);

    [Fact]
    public async Task Single_tenant_token_comes_from_the_tenant_authority_with_the_bot_framework_scope()
    {
        await using var h = ConnectorHarness.SingleTenant();

        await Send(h);

        var request = Assert.Single(h.Entra.Requests);
        Assert.Equal($"/{ConnectorHarness.TenantId}/oauth2/v2.0/token", request.Path);
        Assert.Equal("client_credentials", request.Form["grant_type"]);
        Assert.Equal(ConnectorHarness.AppId, request.Form["client_id"]);
        Assert.Equal(ConnectorHarness.Secret, request.Form["client_secret"]);
        Assert.Equal("https://api.botframework.com/.default", request.Form["scope"]);
    }

    [Fact]
    public async Task Multi_tenant_token_comes_from_the_botframework_tenant()
    {
        await using var h = ConnectorHarness.With(("MicrosoftAppType", "MultiTenant"), ("MicrosoftAppId", ConnectorHarness.AppId),
            ("MicrosoftAppPassword", ConnectorHarness.Secret));

        await Send(h);

        Assert.Equal("/botframework.com/oauth2/v2.0/token", Assert.Single(h.Entra.Requests).Path);
        Assert.Equal($"Bearer {FakeEntra.Token(1)}", (await h.Connector.NextAsync()).Authorization);
    }

    [Fact]
    public async Task Token_is_cached_across_sends()
    {
        await using var h = ConnectorHarness.SingleTenant();

        await Send(h);
        await Send(h);

        Assert.Single(h.Entra.Requests);
        Assert.All(h.Connector.All, r => Assert.Equal($"Bearer {FakeEntra.Token(1)}", r.Authorization));
        Assert.Equal(2, h.Connector.All.Count);
    }

    [Fact]
    public async Task A_token_near_expiry_is_renewed_before_use()
    {
        await using var h = ConnectorHarness.SingleTenant();
        // MSAL treats a token within 5 minutes of expiry as expired: each send needs a new one.
        h.Entra.ExpiresInSeconds = 240;

        await Send(h);
        await Send(h);

        Assert.Equal(2, h.Entra.Requests.Count);
        Assert.Equal([$"Bearer {FakeEntra.Token(1)}", $"Bearer {FakeEntra.Token(2)}"], h.Connector.All.Select(r => r.Authorization));
    }

    [Fact]
    public async Task User_assigned_managed_identity_asks_the_identity_endpoint_with_its_client_id()
    {
        await using var h = ConnectorHarness.With(("MicrosoftAppType", "UserAssignedMSI"), ("MicrosoftAppId", ConnectorHarness.AppId));

        await Send(h);
        await Send(h);

        var request = Assert.Single(h.Entra.Requests);
        Assert.Equal("/metadata/identity/oauth2/token", request.Path);
        Assert.Equal(ConnectorHarness.AppId, request.Query["client_id"]);
        Assert.Equal("https://api.botframework.com", request.Query["resource"]);
        Assert.Equal($"Bearer {FakeEntra.Token(1)}", h.Connector.All[0].Authorization);
    }

    [Fact]
    public async Task A_refused_token_request_fails_clearly_and_nothing_is_sent()
    {
        await using var h = ConnectorHarness.SingleTenant();
        h.Entra.RefuseWith = "invalid_client";

        var error = await Assert.ThrowsAsync<BotTokenException>(() => Send(h));

        Assert.Contains("invalid_client", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(ConnectorHarness.Secret, error.ToString(), StringComparison.Ordinal);
        Assert.Empty(h.Connector.All);
    }

    [Theory]
    [InlineData("SingleTenant", "secret", "", "MicrosoftAppTenantId is empty")]
    [InlineData("SingleTenant", "", "tenant", "MicrosoftAppPassword is empty")]
    [InlineData("MultiTenant", "", "", "MicrosoftAppPassword is empty")]
    [InlineData("UserAssignedMSI", "secret", "", "uses no MicrosoftAppPassword")]
    [InlineData("Federated", "secret", "", "is not one of")]
    public async Task Incomplete_credentials_fail_validation_at_start(string type, string password, string tenant, string expected)
    {
        await using var h = ConnectorHarness.With(("MicrosoftAppType", type), ("MicrosoftAppId", ConnectorHarness.AppId),
            ("MicrosoftAppPassword", password), ("MicrosoftAppTenantId", tenant));

        var error = Assert.Throws<OptionsValidationException>(() => h.Get<IOptions<BotCredentials>>().Value);

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Auth_off_requests_no_token()
    {
        await using var h = ConnectorHarness.AuthOff();

        await h.Client.SendToConversationAsync(h.LoopbackServiceUrl, "a:1", Hello, CancellationToken.None);

        Assert.Null((await h.Connector.NextAsync()).Authorization);
        Assert.Empty(h.Entra.Requests);
        Assert.False(h.Get<BotTokenProvider>().Enabled);
    }
}
