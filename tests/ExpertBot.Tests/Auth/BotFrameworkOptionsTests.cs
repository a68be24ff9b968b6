using ExpertBot.Tests.Host;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Options;

namespace ExpertBot.Tests.Auth;

public sealed class BotFrameworkOptionsTests
{
    [Theory]
    [InlineData("BotFramework:OpenIdMetadataUrl", "http://login.botframework.com/v1/.well-known/openidconfiguration")]
    [InlineData("BotFramework:OpenIdMetadataUrl", "not a url")]
    [InlineData("BotFramework:EntraAuthority", "http://login.microsoftonline.com")]
    [InlineData("BotFramework:EntraAuthority", "")]
    public void A_key_url_that_is_not_https_stops_the_host_at_start(string key, string value)
    {
        var error = HostStartFailure.Of<OptionsValidationException>(() => new BotApp().WithWebHostBuilder(web =>
        {
            web.UseSetting("MicrosoftAppId", "6f2c0c5e-1d2b-4c3a-9e8f-000000000b07");
            web.UseSetting("MicrosoftAppPassword", "test-only-secret");
            web.UseSetting("Inbound:Tenants:0", "72f988bf-86f1-41af-91ab-2d7cd011db47");
            web.UseSetting(key, value);
        }));
        Assert.Contains("BotFramework:OpenIdMetadataUrl", error.Message, StringComparison.Ordinal);
    }
}
