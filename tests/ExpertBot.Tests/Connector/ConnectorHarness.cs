using ExpertBot.Hosting;
using ExpertBot.Protocol.Connector;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ExpertBot.Tests.Connector;

/// <summary>
/// The real connector registration (AddBotConnector) over local fakes: the Bot Connector and Entra.
/// Public hosts are routed to them by <see cref="RouteToLoopback"/>; time is a <see cref="TestClock"/>.
/// </summary>
internal sealed class ConnectorHarness : IAsyncDisposable
{
    public const string TeamsServiceUrl = "https://smba.trafficmanager.net/teams/";
    public const string AppId = "6a1d3c5e-0000-4000-8000-00000000b07f";
    public const string TenantId = "7d0e4c1a-5b2f-4e8a-9c3d-1f2e3a4b5c6d";
    public const string Secret = "test-only-secret";

    private readonly ServiceProvider _services;

    private ConnectorHarness(IDictionary<string, string?> settings)
    {
        Connector = new FakeBotConnector(() => Clock.GetUtcNow());
        var routes = new Dictionary<string, Uri>(StringComparer.OrdinalIgnoreCase)
        {
            ["smba.trafficmanager.net"] = Connector.BaseUrl,
            ["evil.example"] = Connector.BaseUrl,
            ["evilbotframework.com"] = Connector.BaseUrl,
            ["smba.trafficmanager.net.evil.example"] = Connector.BaseUrl,
            ["login.microsoftonline.com"] = Entra.BaseUrl,
            ["169.254.169.254"] = Entra.BaseUrl,
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Debug));
        services.AddSingleton<TimeProvider>(Clock);
        services.AddBotConnector();
        services.AddHttpClient(BotConnectorClient.HttpClientName).AddHttpMessageHandler(() => new RouteToLoopback(routes));
        services.AddHttpClient(MsalHttpClientFactory.ClientName).AddHttpMessageHandler(() => new RouteToLoopback(routes));
        _services = services.BuildServiceProvider();
    }

    public TestClock Clock { get; } = new();
    public FakeBotConnector Connector { get; }
    public FakeEntra Entra { get; } = new();

    public BotConnectorClient Client => _services.GetRequiredService<BotConnectorClient>();

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    /// <summary>Auth off (no app id): loopback connector, no token.</summary>
    public static ConnectorHarness AuthOff(params (string Key, string Value)[] extra) => new(Settings(extra));

    /// <summary>A SingleTenant bot talking to the (routed) public Teams connector.</summary>
    public static ConnectorHarness SingleTenant(params (string Key, string Value)[] extra) => new(Settings(
        [("MicrosoftAppType", "SingleTenant"), ("MicrosoftAppId", AppId), ("MicrosoftAppPassword", Secret), ("MicrosoftAppTenantId", TenantId), .. extra]));

    public static ConnectorHarness With(params (string Key, string Value)[] settings) => new(Settings(settings));

    private static Dictionary<string, string?> Settings((string Key, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => (string?)p.Value, StringComparer.OrdinalIgnoreCase);

    public string LoopbackServiceUrl => Connector.BaseUrl.ToString();

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Connector.DisposeAsync();
        await Entra.DisposeAsync();
    }
}
