using ExpertBot.Integrations.Crm;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ExpertBot.Tests.Integrations.Crm;

/// <summary>
/// The real registration (<see cref="CrmSetup.AddCrmConnectors"/>) from configuration, pointed at local fakes, with
/// fake time. Options are validated as at start-up, so a harness with a bad section fails like the app would.
/// </summary>
internal sealed class CrmHarness : IAsyncDisposable
{
    /// <summary>Short enough for tests, long enough that a 7 s Retry-After is honoured in the call.</summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(10);

    private readonly ServiceProvider _services;

    public CrmHarness(string provider, string section, IDictionary<string, string?> settings, Action<IServiceCollection>? configure = null)
    {
        var all = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Crm:Provider"] = provider,
            [$"{section}:AttemptTimeout"] = AttemptTimeout.ToString(),
            [$"{section}:TotalTimeout"] = "00:01:00",
            [$"{section}:MaxRetries"] = "2",
            // No back-off timers to move past: retries of 5xx and time-outs follow at once; Retry-After still waits.
            [$"{section}:RetryBaseDelay"] = "00:00:00",
            [$"{section}:MaxRetryAfter"] = "00:00:30",
            [$"{section}:BreakMinimumThroughput"] = "1000",
        };
        foreach (var (key, value) in settings)
        {
            all[key.Contains(':') ? key : $"{section}:{key}"] = value;
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(all).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Debug));
        services.AddSingleton<TimeProvider>(Clock);
        services.AddCrmConnectors(configuration);
        configure?.Invoke(services);
        _services = services.BuildServiceProvider();
        _services.GetRequiredService<IStartupValidator>().Validate();
    }

    public CrmClock Clock { get; } = new();

    public ICaseSystem Crm => _services.GetRequiredService<ICaseSystem>();

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
