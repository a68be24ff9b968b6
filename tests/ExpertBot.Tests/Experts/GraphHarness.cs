using Azure.Core;
using ExpertBot.Features.Experts;
using ExpertBot.Integrations.Graph;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Graph;

namespace ExpertBot.Tests.Experts;

/// <summary>The real sync, store and client, pointed at a <see cref="FakeGraph"/>.</summary>
internal sealed class GraphHarness : IAsyncDisposable
{
    private readonly bool _ownsGraph;

    /// <param name="store">Defaults to a fresh in-memory store.</param>
    /// <param name="graph">Another harness's server, to play a restarted process against the same tenant.</param>
    public GraphHarness(Action<GraphOptions>? configure = null, IDirectoryStore? store = null, FakeGraph? graph = null)
    {
        _ownsGraph = graph is null;
        Graph = graph ?? new FakeGraph();
        Store = store ?? new InMemoryDirectoryStore();
        Options = new GraphOptions { BaseUrl = new Uri(Graph.BaseUrl), PageSize = 999 };
        configure?.Invoke(Options);
        Client = GraphClientBuilder.Create(new StaticTokenCredential("test-token"), Options, Time);
        Sync = new GraphDirectorySync(Client, Store, Microsoft.Extensions.Options.Options.Create(Options), Time, NullLogger<GraphDirectorySync>.Instance);
    }

    public FakeGraph Graph { get; }
    public IDirectoryStore Store { get; }
    public InstantTimeProvider Time { get; } = new();
    public GraphOptions Options { get; }
    public GraphServiceClient Client { get; }
    public GraphDirectorySync Sync { get; }

    public static string UserId(int i) => $"{i:x8}-0000-4000-8000-{i:x12}";

    public void AddUsers(int count)
    {
        for (var i = 1; i <= count; i++)
        {
            Graph.Add(new FakeUser(UserId(i), $"User {i}") { Skills = [$"skill-{i}"], AboutMe = $"About {i}" });
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_ownsGraph)
        {
            await Graph.DisposeAsync();
        }
        Client.Dispose();
    }
}

/// <summary>An app-only token as Entra would issue it; the fake Graph checks it arrives as a bearer token.</summary>
internal sealed class StaticTokenCredential(string token) : TokenCredential
{
    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        new(token, DateTimeOffset.UtcNow.AddHours(1));

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}

/// <summary>
/// Fake time in which every wait ends at once: the clock jumps by the wait asked for, which is
/// recorded, so tests see that Retry-After was honoured without waiting for it.
/// </summary>
internal sealed class InstantTimeProvider : FakeTimeProvider
{
    public InstantTimeProvider() : base(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero))
    {
    }

    public System.Collections.Concurrent.ConcurrentQueue<TimeSpan> Waits { get; } = new();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        if (dueTime > TimeSpan.Zero && dueTime != Timeout.InfiniteTimeSpan)
        {
            Waits.Enqueue(dueTime);
            // After the timer is registered, so the advance fires it.
            _ = Task.Run(() => Advance(dueTime));
        }
        return timer;
    }
}
