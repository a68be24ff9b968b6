using System.Threading.Channels;
using Azure.Core;
using ExpertBot.Features.Experts;
using ExpertBot.Integrations.Graph;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace ExpertBot.Tests.Experts;

public sealed class DirectoryWorkerTests
{
    [Fact]
    public async Task The_app_starts_with_the_demo_company()
    {
        await using var factory = new WebApplicationFactory<Program>();
        _ = factory.CreateClient();
        var directory = factory.Services.GetRequiredService<ExpertDirectory>();

        var alex = await directory.FindByAccountAsync(new() { Id = "user-id-0", AadObjectId = "1a000000-0000-4000-8000-000000000000" }, default);

        Assert.Equal("Alex Wilber", alex?.DisplayName);
        Assert.True((await directory.GetCandidatesAsync(default)).Count >= 50);
    }

    /// <summary>Fake time that reports each wait the worker starts, so the test steps it run by run.</summary>
    private sealed class SteppedTime : FakeTimeProvider
    {
        public Channel<TimeSpan> Waits { get; } = Channel.CreateUnbounded<TimeSpan>();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            Waits.Writer.TryWrite(dueTime);
            return timer;
        }
    }

    [Fact]
    public async Task With_Source_Graph_the_worker_syncs_at_start_and_then_every_interval()
    {
        await using var graph = new FakeGraph();
        graph.Add(new FakeUser(GraphHarness.UserId(1), "User 1") { Skills = ["SAML 2.0"] });
        var time = new SteppedTime();
        await using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Directory:Source"] = "Graph",
                ["Graph:BaseUrl"] = graph.BaseUrl,
                ["Graph:SyncInterval"] = "00:05:00",
                ["MicrosoftAppId"] = "3f8b2c1d-4e5a-4b6c-8d7e-9f0a1b2c3d4e",
                ["MicrosoftAppTenantId"] = "7d0e4c1a-5b2f-4e8a-9c3d-1f2e3a4b5c6d",
                ["MicrosoftAppPassword"] = "not-used-the-test-credential-answers",
            }).Build())
            .AddSingleton<TimeProvider>(time)
            .AddLogging()
            .AddDirectory()
            .AddKeyedSingleton<TokenCredential>(GraphClientBuilder.CredentialKey, new StaticTokenCredential("worker-token"))
            .BuildServiceProvider();
        var worker = services.GetServices<IHostedService>().OfType<DirectoryWorker>().Single();
        var directory = services.GetRequiredService<ExpertDirectory>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        await worker.StartAsync(default);
        Assert.Equal(TimeSpan.FromMinutes(5), await time.Waits.Reader.ReadAsync(timeout.Token));
        Assert.Equal(["User 1"], (await directory.GetCandidatesAsync(default)).Select(p => p.DisplayName));

        graph.Update(GraphHarness.UserId(1), u => u with { AccountEnabled = false });
        graph.Add(new FakeUser(GraphHarness.UserId(2), "User 2"));
        time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(TimeSpan.FromMinutes(5), await time.Waits.Reader.ReadAsync(timeout.Token));

        Assert.Equal(["User 2"], (await directory.GetCandidatesAsync(default)).Select(p => p.DisplayName));
        Assert.All(graph.Authorizations, a => Assert.Equal("Bearer worker-token", a));
        await worker.StopAsync(default);
    }
}
