using System.Collections.Concurrent;
using ExpertBot.Storage;
using ExpertBot.Storage.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace ExpertBot.Tests.Storage;

/// <summary>
/// The storage services as the app registers them (AddStorage), in a plain host on a fake clock with the worker loop
/// off, so a test drives job rounds itself. <see cref="TestJobs"/> is the handler of kind "test".
/// </summary>
internal sealed class StorageHost : IAsyncDisposable
{
    public const string Kind = "test";
    public const int MaxAttempts = 3;

    private readonly IHost _host;

    private StorageHost(IHost host) => _host = host;

    public static DateTimeOffset Start { get; } = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Clock => (FakeTimeProvider)Services.GetRequiredService<TimeProvider>();

    public TestJobs Jobs => Services.GetRequiredService<TestJobs>();

    public IServiceProvider Services => _host.Services;

    public JobQueue Queue => Services.GetRequiredService<JobQueue>();

    public JobRunner Runner => Services.GetRequiredService<JobRunner>();

    public JobStore Store => Services.GetRequiredService<JobStore>();

    public static Task<StorageHost> StartAsync(TestDatabase database, TestJobs? jobs = null, FakeTimeProvider? clock = null, int claimBatchSize = 128, bool workerEnabled = false) =>
        StartAsync(database.Settings, jobs, clock, claimBatchSize, workerEnabled);

    public static async Task<StorageHost> StartAsync(
        IReadOnlyDictionary<string, string?> settings, TestJobs? jobs = null, FakeTimeProvider? clock = null, int claimBatchSize = 128, bool workerEnabled = false)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = Path.GetTempPath() });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Jobs:WorkerEnabled"] = workerEnabled ? "true" : "false",
            ["Storage:Jobs:ClaimBatchSize"] = claimBatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        builder.Services.AddSingleton<TimeProvider>(clock ?? new FakeTimeProvider(Start));
        builder.Services.AddSingleton(jobs ?? new TestJobs());
        builder.Services.AddStorage();
        builder.Services.AddJobHandler<TestJobHandler>(Kind, MaxAttempts);
        var host = builder.Build();
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }
        return new StorageHost(host);
    }

    /// <summary>The stored row for a dedup key, read through EF (so the model maps what the raw SQL wrote).</summary>
    public async Task<Job> RowAsync(string dedupKey)
    {
        await using var db = Services.GetRequiredService<ExpertBotDatabase>().CreateContext();
        return await db.Set<Job>().AsNoTracking().SingleAsync(j => j.DedupKey == dedupKey);
    }

    public async Task<List<Job>> RowsAsync()
    {
        await using var db = Services.GetRequiredService<ExpertBotDatabase>().CreateContext();
        return await db.Set<Job>().AsNoTracking().OrderBy(j => j.Id).ToListAsync();
    }

    private int _disposed;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return; // a test may stop a host early (to wait for its outcomes) inside its await using
        }
        await _host.StopAsync();
        _host.Dispose();
    }
}

/// <summary>What the "test" handler did, shared by every host of a test (so two workers report to one place).</summary>
internal sealed class TestJobs
{
    public ConcurrentDictionary<long, int> Runs { get; } = new();

    public ConcurrentQueue<string> Payloads { get; } = new();

    /// <summary>When set, the handler throws with this message.</summary>
    public string? FailWith { get; set; }

    private readonly TaskCompletionSource _firstRun = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when any job has run (a real signal to wait on, with a time limit, instead of sleeping).</summary>
    public Task FirstRun => _firstRun.Task;

    /// <summary>Jobs (by dedup key) that block until their gate opens.</summary>
    public ConcurrentDictionary<string, TaskCompletionSource> Gates { get; } = new();

    /// <summary>Dedup keys in the order their handlers finished.</summary>
    public ConcurrentQueue<string> Finished { get; } = new();

    private readonly ConcurrentDictionary<string, TaskCompletionSource> _finished = new();

    /// <summary>Jobs (by dedup key) that block until their hang ends, ignoring cancellation (a stuck instance).</summary>
    public ConcurrentDictionary<string, TaskCompletionSource> Hangs { get; } = new();

    public TaskCompletionSource Hang(string dedupKey) => Hangs.GetOrAdd(dedupKey, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));

    public TaskCompletionSource Gate(string dedupKey) => Gates.GetOrAdd(dedupKey, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));

    public Task WhenFinished(string dedupKey) => _finished.GetOrAdd(dedupKey, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Done(string dedupKey)
    {
        Events.Enqueue($"done:{dedupKey}");
        Finished.Enqueue(dedupKey);
        _finished.GetOrAdd(dedupKey, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    /// <summary>Jobs (by dedup key) that, before finishing, wait a while for another job to start.</summary>
    public ConcurrentDictionary<string, Task> Witnesses { get; } = new();

    private readonly ConcurrentDictionary<string, TaskCompletionSource> _started = new();

    public Task WhenStarted(string dedupKey) => _started.GetOrAdd(dedupKey, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>"start:key" and "done:key" in the order they happened.</summary>
    public ConcurrentQueue<string> Events { get; } = new();

    public void Ran(long id, string dedupKey, string payload)
    {
        Events.Enqueue($"start:{dedupKey}");
        _started.GetOrAdd(dedupKey, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        Runs.AddOrUpdate(id, 1, (_, n) => n + 1);
        Payloads.Enqueue(payload);
        _firstRun.TrySetResult();
    }
}

internal sealed class TestJobHandler(TestJobs jobs) : IJobHandler
{
    public async Task HandleAsync(JobContext job, CancellationToken ct)
    {
        jobs.Ran(job.Id, job.DedupKey, job.Payload);
        if (jobs.FailWith is { } message)
        {
            throw new InvalidOperationException(message);
        }
        if (jobs.Gates.TryGetValue(job.DedupKey, out var gate))
        {
            await gate.Task.WaitAsync(ct);
        }
        if (jobs.Hangs.TryGetValue(job.DedupKey, out var hang))
        {
            await hang.Task; // deliberately not cancellable; the test ends it, bounded by its own time limit
        }
        if (jobs.Witnesses.TryGetValue(job.DedupKey, out var witnessed))
        {
            // Give the witnessed job a chance to start (it should not, in the test that uses this); a bounded wait on a
            // real signal, not a sleep.
            await witnessed.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        jobs.Done(job.DedupKey);
    }
}
