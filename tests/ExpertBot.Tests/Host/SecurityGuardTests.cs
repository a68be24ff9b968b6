using ExpertBot.Hosting;

namespace ExpertBot.Tests.Host;

public sealed class SecurityGuardTests
{
    [Theory]
    [InlineData("http://127.0.0.1:3978")]
    [InlineData("http://localhost:3978")]
    [InlineData("http://[::1]:3978")]
    public void Auth_off_on_loopback_may_start(string urls) => Assert.Null(BotSecurityGuard.Check(null, urls));

    [Theory]
    [InlineData("http://0.0.0.0:3978")]
    [InlineData("http://*:3978")]
    [InlineData("http://+:3978")]
    [InlineData("http://10.1.2.3:3978")]
    [InlineData("http://127.0.0.1:3978;http://0.0.0.0:3979")]
    public void Auth_off_on_a_public_address_refuses_to_start(string urls) =>
        Assert.Contains("loopback", BotSecurityGuard.Check(null, urls), StringComparison.Ordinal);

    [Theory]
    [InlineData("http://127.0.0.1:3978")]
    [InlineData("http://0.0.0.0:3978")]
    [InlineData("https://+:443")]
    public void With_an_app_id_tokens_are_validated_so_any_address_may_start(string urls) =>
        Assert.Null(BotSecurityGuard.Check("6f2c0c5e-0000-4000-8000-000000000001", urls));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void A_blank_app_id_is_auth_off(string appId) =>
        Assert.NotNull(BotSecurityGuard.Check(appId, "http://0.0.0.0:3978"));
}
