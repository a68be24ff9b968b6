using ExpertBot.Protocol.Auth;

namespace ExpertBot.Tests.Auth;

public sealed class TokenIssuersTests
{
    private const string Tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";

    [Theory]
    [InlineData("https://api.botframework.com", Tenant, TokenSource.BotConnector)]
    [InlineData("https://api.botframework.com", null, TokenSource.BotConnector)]
    [InlineData("https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0", Tenant, TokenSource.Entra)]
    [InlineData("https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/", Tenant, TokenSource.Entra)]
    [InlineData("https://login.microsoftonline.com/72F988BF-86F1-41AF-91AB-2D7CD011DB47/v2.0", Tenant, TokenSource.Entra)]
    [InlineData("https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/", "72F988BF-86F1-41AF-91AB-2D7CD011DB47", TokenSource.Entra)]
    public void Known_issuers_pick_their_key_set(string issuer, string? tenant, TokenSource expected) =>
        Assert.Equal(expected, TokenIssuers.Classify(issuer, tenant));

    [Theory]
    [InlineData(null, Tenant)]
    [InlineData("", Tenant)]
    [InlineData("https://api.botframework.com/", Tenant)] // the Connector's issuer has no trailing slash
    [InlineData("http://api.botframework.com", Tenant)]
    [InlineData("https://API.botframework.com", Tenant)] // issuers compare exactly
    [InlineData("https://api.botframework.com.evil.example", Tenant)]
    [InlineData("https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0", null)] // no tenant: Connector tokens only
    [InlineData("https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0", "")]
    [InlineData("https://login.microsoftonline.com/f8cdef31-a31e-4b4a-93e4-5f571e91255a/v2.0", Tenant)] // another tenant
    [InlineData("https://sts.windows.net/f8cdef31-a31e-4b4a-93e4-5f571e91255a/", Tenant)]
    [InlineData("https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47", Tenant)] // v1 issuer ends with a slash
    [InlineData("https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/", Tenant)] // v2 needs /v2.0
    [InlineData("https://login.microsoftonline.com/common/v2.0", Tenant)]
    [InlineData("https://login.microsoftonline.com/{tenantid}/v2.0", Tenant)]
    [InlineData("https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/", Tenant)] // the emulator's issuer
    public void Anything_else_is_unknown(string? issuer, string? tenant) =>
        Assert.Equal(TokenSource.Unknown, TokenIssuers.Classify(issuer, tenant));

    [Fact]
    public void Valid_issuers_follow_the_source()
    {
        Assert.Equal(["https://api.botframework.com"], TokenIssuers.For(TokenSource.BotConnector, Tenant));
        Assert.Equal(
            [$"https://login.microsoftonline.com/{Tenant}/v2.0", $"https://sts.windows.net/{Tenant}/"],
            TokenIssuers.For(TokenSource.Entra, Tenant));
        Assert.Empty(TokenIssuers.For(TokenSource.Entra, null));
        Assert.Empty(TokenIssuers.For(TokenSource.Unknown, Tenant));
    }
}
