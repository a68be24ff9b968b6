using System.Net;
using ExpertBot.Tests.Host;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ExpertBot.Tests.EndToEnd;

/// <summary>
/// The real bot hosted in-process on a fake clock (so timers can be moved), listening on a real loopback port (Kestrel),
/// with its own Agents Playground in front of it: time-outs tested through the Teams emulator without waiting.
/// </summary>
public sealed class FakeClockPlaygroundFixture : IAsyncLifetime
{
    private readonly BotApp _app = new();
    private WebApplicationFactory<Program>? _bot;
    private Playground? _playground;

    /// <summary>The bot's only clock: its timers (the durable jobs' due times, the worker's poll) run on it.</summary>
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public Uri PlaygroundUrl { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!Playground.Installed)
        {
            return; // Tests skip (or fail under CI) via PlaygroundFactAttribute.
        }
        _bot = _app.WithWebHostBuilder(web =>
        {
            // Job leases and run limits are measured on the same clock: both longer than any jump keep a clock move from taking
            // a job from a worker that is still running it (which is another test's subject).
            web.UseSetting("Storage:Jobs:LeaseDuration", "1.00:00:00");
            web.UseSetting("Storage:Jobs:MaxRunTime", "1.00:00:00");
            web.UseSetting("Directory:JsonPath", Contoso.IdentityExpertsDirectory(Path.Combine(Path.GetTempPath(), $"expertbot-e2e-{Guid.NewGuid():N}")));
            web.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock));
        });
        _bot.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        // StartServer is synchronous (it starts the host); run it off xunit's thread, bounded.
        await Task.Run(_bot.StartServer).WaitAsync(TimeSpan.FromSeconds(60));
        var address = _bot.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _playground = await Playground.StartAsync(new Uri(new Uri(address), "/api/messages"));
        PlaygroundUrl = _playground.Url;
    }

    public async Task DisposeAsync()
    {
        if (_playground is not null)
        {
            await _playground.DisposeAsync();
        }
        if (_bot is not null)
        {
            await _bot.DisposeAsync();
        }
        await _app.DisposeAsync();
    }
}
