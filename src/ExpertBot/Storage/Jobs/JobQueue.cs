using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace ExpertBot.Storage.Jobs;

/// <summary>
/// Enqueues jobs durably with group commit: callers hand their row to one writer, which inserts everything waiting in
/// one transaction and completes every caller after the commit. One commit (and one fsync) then serves many requests,
/// which is what lets /api/messages store each activity before acknowledging it without a commit per request.
/// </summary>
internal sealed class JobQueue(JobStore store, JobSignal signal, TimeProvider time, IOptions<JobOptions> options, ILogger<JobQueue> logger)
    : IHostedService
{
    private readonly Channel<Pending> _pending = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private Task _writer = Task.CompletedTask;

    /// <summary>Stores the job; true when new, false when a job with its dedup key already exists. Throws when the database fails.</summary>
    public async Task<bool> EnqueueAsync(NewJob job, CancellationToken ct)
    {
        job.Validate();
        var pending = new Pending(job with { RunAfter = job.RunAfter ?? time.GetUtcNow() });
        if (!_pending.Writer.TryWrite(pending))
        {
            throw new InvalidOperationException("The job queue is stopped (the host is shutting down).");
        }
        // Not cancelled with the caller: once handed over, the row commits anyway, and the caller just stops waiting.
        return await pending.Stored.Task.WaitAsync(ct);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _writer = Task.Run(WriteLoopAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Writes what was already handed over (those callers are waiting for an answer), then stops.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _pending.Writer.TryComplete();
        await _writer.WaitAsync(cancellationToken);
    }

    private async Task WriteLoopAsync()
    {
        var max = options.Value.WriteBatchSize;
        var batch = new List<Pending>(max);
        var jobs = new List<NewJob>(max);
        while (await _pending.Reader.WaitToReadAsync())
        {
            batch.Clear();
            jobs.Clear();
            while (batch.Count < max && _pending.Reader.TryRead(out var next))
            {
                batch.Add(next);
                jobs.Add(next.Job);
            }
            try
            {
                var stored = await store.InsertAsync(jobs, time.GetUtcNow(), CancellationToken.None);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Stored.TrySetResult(stored[i]);
                }
                if (Array.IndexOf(stored, true) >= 0)
                {
                    signal.Wake();
                }
            }
            catch (Exception ex)
            {
                // Every caller in the batch gets the failure (their request answers 5xx and the sender retries);
                // the writer itself keeps going so the next batch can succeed once the database is back.
                Log.JobWriteFailed(logger, ex, batch.Count);
                foreach (var pending in batch)
                {
                    pending.Stored.TrySetException(ex);
                }
            }
        }
    }

    private sealed record Pending(NewJob Job)
    {
        public TaskCompletionSource<bool> Stored { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
