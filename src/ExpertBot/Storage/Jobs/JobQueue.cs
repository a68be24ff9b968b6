using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace ExpertBot.Storage.Jobs;

/// <summary>
/// This process's writes to the job table, group-committed: callers hand their enqueue, claim or outcomes to one writer,
/// which writes everything waiting in one transaction (<see cref="JobStore.WriteAsync"/>) and answers every caller after
/// the commit. One commit then serves many requests, which is what lets /api/messages store each activity before
/// acknowledging it without a commit per request; and with the local worker attached (<see cref="AttachWorker"/>), the
/// same commit also claims what it inserted and records what the worker finished, so a turn costs one share of one
/// transaction per step instead of an enqueue, a claim and a completion transaction each.
/// </summary>
internal sealed class JobQueue(JobStore store, JobSignal signal, TimeProvider time, IOptions<JobOptions> options, ILogger<JobQueue> logger)
    : IHostedService
{
    private readonly Channel<Request> _requests = Channel.CreateUnbounded<Request>(new UnboundedChannelOptions { SingleReader = true });
    private Task _writer = Task.CompletedTask;
    private LocalWorker? _worker;

    /// <summary>Stores the job; true when new, false when a job with its dedup key already exists. Throws when the database fails.</summary>
    public async Task<bool> EnqueueAsync(NewJob job, CancellationToken ct)
    {
        job.Validate();
        var pending = new Enqueue(job with { RunAfter = job.RunAfter ?? time.GetUtcNow() });
        Post(pending);
        // Not cancelled with the caller: once handed over, the row commits anyway, and the caller just stops waiting.
        return await pending.Stored.Task.WaitAsync(ct);
    }

    /// <summary>
    /// Claims up to <paramref name="claim"/>.Limit jobs in the next commit and, before any later commit's claim, passes
    /// them to <paramref name="start"/> (so jobs of one ordering key are started in claim order); returns what it returned.
    /// </summary>
    public async Task<(int Claimed, Task Done)> ClaimAsync(JobClaim claim, Func<IReadOnlyList<JobContext>, Task> start, CancellationToken ct)
    {
        var request = new Claim(claim, start);
        Post(request);
        return await request.Started.Task.WaitAsync(ct);
    }

    /// <summary>Records outcomes of <paramref name="owner"/>'s jobs in the next commit.</summary>
    public Task RecordAsync(string owner, IReadOnlyCollection<JobOutcome> outcomes)
    {
        if (outcomes.Count == 0)
        {
            return Task.CompletedTask;
        }
        var request = new Record([.. outcomes.Select(o => new OwnedOutcome(owner, o))]);
        Post(request);
        return request.Recorded.Task;
    }

    /// <summary>
    /// From now on, a commit that inserts jobs also claims what <paramref name="nextClaim"/>() asks for (the worker's free
    /// room; earliest due first, the new ones among them) for <paramref name="owner"/>, and passes it to <paramref name="start"/>.
    /// </summary>
    public void AttachWorker(string owner, Func<JobClaim?> nextClaim, Func<IReadOnlyList<JobContext>, Task> start) =>
        _worker = new LocalWorker(owner, nextClaim, start);

    /// <summary>Stops claiming for the attached worker (it is stopping); explicit claims still work.</summary>
    public void DetachWorker() => _worker = null;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _writer = Task.Run(WriteLoopAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Writes what was already handed over (those callers are waiting for an answer), then stops.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _requests.Writer.TryComplete();
        await _writer.WaitAsync(cancellationToken);
    }

    private void Post(Request request)
    {
        if (!_requests.Writer.TryWrite(request))
        {
            throw new InvalidOperationException("The job queue is stopped (the host is shutting down).");
        }
    }

    private async Task WriteLoopAsync()
    {
        var max = options.Value.WriteBatchSize;
        var enqueues = new List<Enqueue>(max);
        var jobs = new List<NewJob>(max);
        var records = new List<Record>();
        var outcomes = new List<OwnedOutcome>();
        var claims = new List<Claim>();
        while (await _requests.Reader.WaitToReadAsync())
        {
            enqueues.Clear();
            jobs.Clear();
            records.Clear();
            outcomes.Clear();
            claims.Clear();
            while (enqueues.Count < max && _requests.Reader.TryRead(out var next))
            {
                switch (next)
                {
                    case Enqueue enqueue:
                        enqueues.Add(enqueue);
                        jobs.Add(enqueue.Job);
                        break;
                    case Record record:
                        records.Add(record);
                        outcomes.AddRange(record.Outcomes);
                        break;
                    case Claim claim:
                        claims.Add(claim);
                        break;
                }
            }
            await WriteAsync(enqueues, jobs, records, outcomes, claims);
        }
    }

    private async Task WriteAsync(List<Enqueue> enqueues, List<NewJob> jobs, List<Record> records, List<OwnedOutcome> outcomes, List<Claim> claims)
    {
        // One claim per commit: an explicit one (the worker's poll, a test's round) or, when jobs are inserted, the
        // attached worker's. Further explicit claims (rare: only tests ask for several at once) go in commits of their own.
        var worker = _worker;
        var explicitClaim = claims.Count > 0 ? claims[0] : null;
        var claim = explicitClaim?.Request ?? (jobs.Count > 0 ? worker?.NextClaim() : null);
        if (explicitClaim is not null && worker is not null && claim!.Owner == worker.Owner)
        {
            // The worker asked for its room as it was before; earlier commits may have claimed for it since.
            claim = worker.NextClaim() is { } room ? room with { Limit = Math.Min(claim.Limit, room.Limit) } : claim with { Limit = 0 };
        }
        JobWriteResult result;
        try
        {
            result = await store.WriteAsync(new JobWrite(jobs, outcomes, claim), time.GetUtcNow(), CancellationToken.None);
        }
        catch (Exception ex)
        {
            // Every caller gets the failure (an enqueue's request answers 5xx and the sender retries; unrecorded outcomes
            // keep their leases and run again once those expire); the writer keeps going so the next commit can succeed.
            Log.JobWriteFailed(logger, ex, enqueues.Count + outcomes.Count + (claim is null ? 0 : 1));
            enqueues.ForEach(e => e.Stored.TrySetException(ex));
            records.ForEach(r => r.Recorded.TrySetException(ex));
            explicitClaim?.Started.TrySetException(ex);
            await ClaimSeparatelyAsync(claims.Skip(1));
            return;
        }
        // Start the claimed jobs before answering anyone, so the next commit's claim is never started ahead of these.
        if (explicitClaim is not null)
        {
            Start(explicitClaim, result.Claimed);
        }
        else if (result.Claimed.Count > 0)
        {
            _ = worker!.Start(result.Claimed); // The worker observes its own rounds (they log recording failures).
        }
        for (var i = 0; i < enqueues.Count; i++)
        {
            enqueues[i].Stored.TrySetResult(result.Inserted[i]);
        }
        records.ForEach(r => r.Recorded.TrySetResult());
        // New rows this commit may not have claimed (no attached worker, or the claim ran out of room): wake the worker,
        // which claims them as soon as it has room. A claim that came back short leased every new due row.
        if (Array.IndexOf(result.Inserted, true) >= 0 && (claim is null || result.Claimed.Count >= claim.Limit))
        {
            signal.Wake();
        }
        await ClaimSeparatelyAsync(claims.Skip(1));
    }

    private async Task ClaimSeparatelyAsync(IEnumerable<Claim> claims)
    {
        foreach (var claim in claims)
        {
            try
            {
                var result = await store.WriteAsync(new JobWrite([], [], claim.Request), time.GetUtcNow(), CancellationToken.None);
                Start(claim, result.Claimed);
            }
            catch (Exception ex)
            {
                Log.JobWriteFailed(logger, ex, 1);
                claim.Started.TrySetException(ex);
            }
        }
    }

    private static void Start(Claim claim, IReadOnlyList<JobContext> claimed)
    {
        try
        {
            var done = claimed.Count == 0 ? Task.CompletedTask : claim.StartJobs(claimed);
            claim.Started.TrySetResult((claimed.Count, done));
        }
        catch (Exception ex)
        {
            claim.Started.TrySetException(ex);
        }
    }

    private abstract record Request;

    private sealed record Enqueue(NewJob Job) : Request
    {
        public TaskCompletionSource<bool> Stored { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed record Record(IReadOnlyList<OwnedOutcome> Outcomes) : Request
    {
        public TaskCompletionSource Recorded { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed record Claim(JobClaim Request, Func<IReadOnlyList<JobContext>, Task> StartJobs) : Request
    {
        public TaskCompletionSource<(int Claimed, Task Done)> Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed record LocalWorker(string Owner, Func<JobClaim?> NextClaim, Func<IReadOnlyList<JobContext>, Task> Start);
}
