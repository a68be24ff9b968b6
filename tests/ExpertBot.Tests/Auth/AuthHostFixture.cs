using ExpertBot.Tests.Host;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace ExpertBot.Tests.Auth;

/// <summary>The real host with an app id and tenant configured, its key URLs on a local fake, and a fake clock.</summary>
public sealed class AuthHostFixture : IAsyncLifetime
{
    public const string AppId = "6f2c0c5e-1d2b-4c3a-9e8f-000000000b07";
    public const string TenantId = "72f988bf-86f1-41af-91ab-2d7cd011db47";

    internal TestKey TeamsKey { get; } = new("bf-teams-1", "msteams", "webchat");
    internal TestKey TeamsKey2 { get; } = new("bf-teams-2", "msteams");
    internal TestKey WebChatOnlyKey { get; } = new("bf-webchat", "webchat", "directline");
    internal TestKey EntraKey { get; } = new("entra-1");
    internal FakeOpenIdServer OpenId { get; private set; } = null!;
    internal ListLoggerProvider Logs { get; } = new();

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
    public WebApplicationFactory<Program> Factory { get; private set; } = null!;

    public Task InitializeAsync()
    {
        OpenId = new FakeOpenIdServer(TenantId, [TeamsKey, TeamsKey2, WebChatOnlyKey], [EntraKey]);
        Factory = new BotApp().WithWebHostBuilder(web =>
        {
            web.UseSetting("MicrosoftAppId", AppId);
            web.UseSetting("MicrosoftAppTenantId", TenantId);
            // Outbound credentials must be complete for the host to start; these tests never send.
            web.UseSetting("MicrosoftAppType", "SingleTenant");
            web.UseSetting("MicrosoftAppPassword", "test-only-secret");
            web.UseSetting("BotFramework:OpenIdMetadataUrl", OpenId.BotMetadataUrl);
            web.UseSetting("BotFramework:EntraAuthority", OpenId.EntraAuthority);
            web.ConfigureTestServices(services =>
            {
                services.AddSingleton<TimeProvider>(Time);
                services.AddSingleton<ILoggerProvider>(Logs);
            });
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await OpenId.DisposeAsync();
    }
}
