using ExpertBot.Tests.Host;
using ExpertBot.Protocol.Connector;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ExpertBot.Tests.Connector;

/// <summary>The host wires the connector (AddBotConnector) and refuses to start on bad connector settings.</summary>
public sealed class HostRegistrationTests
{
    [Fact]
    public async Task Host_resolves_one_shared_connector_client_with_the_default_trusted_hosts()
    {
        await using var factory = new BotApp();

        var client = factory.Services.GetRequiredService<BotConnectorClient>();

        Assert.Same(client, factory.Services.GetRequiredService<BotConnectorClient>());
        Assert.Equal(BotConnectorOptions.DefaultTrustedHosts, factory.Services.GetRequiredService<IOptions<BotConnectorOptions>>().Value.EffectiveTrustedHosts);
    }

    [Theory]
    [InlineData("BotFramework:TrustedServiceUrlHosts:0", "*", "TrustedServiceUrlHosts")]
    [InlineData("BotFramework:MaxAttempts", "0", "MaxAttempts")]
    [InlineData("BotFramework:SendsPerSecondPerConversation", "0", "SendsPerSecondPerConversation")]
    public void Host_refuses_to_start_on_invalid_connector_settings(string key, string value, string named)
    {
        var error = HostStartFailure.Of<OptionsValidationException>(
            () => new BotApp().WithWebHostBuilder(b => b.UseSetting(key, value)));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }
}
