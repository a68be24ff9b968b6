using ExpertBot.Storage;
using ExpertBot.Storage.Jobs;
using Microsoft.EntityFrameworkCore;

namespace ExpertBot.Features.Tab.Admin;

internal enum RetryResult { Queued, Unknown, NotFailed }

/// <summary>
/// An admin's "retry" of a failed (dead-lettered) outbox job: back to pending, due now, for one more attempt. Its attempt
/// count is set to one below its kind's maximum, so the runner runs it once more (a claim counts the attempt) and
/// dead-letters it again if that attempt fails too: a retry is one try, never a new round of backoff. A job that is not
/// failed is refused and left as it is; the change is one conditional statement, so two admins clicking at once queue it once.
/// </summary>
internal sealed partial class JobRetry(ExpertBotDatabase database, IEnumerable<JobHandlerRegistration> kinds, JobSignal signal, TimeProvider time, ILogger<JobRetry> logger)
{
    private const string Requeue = """
        UPDATE jobs SET status = 0, run_after = @now, updated_at = @now, attempts = @attempts, lease_owner = NULL, lease_expires_at = NULL
        WHERE id = @id AND status = 3
        """;

    private readonly Dictionary<string, int> _maxAttempts = kinds.GroupBy(k => k.Kind, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().MaxAttempts, StringComparer.Ordinal);

    public async Task<RetryResult> RetryAsync(long id, TabUser admin, CancellationToken ct)
    {
        string kind;
        await using (var db = database.CreateContext())
        {
            if (await db.Set<Job>().AsNoTracking().Where(j => j.Id == id).Select(j => new { j.Kind, j.Status }).FirstOrDefaultAsync(ct) is not { } job)
            {
                return RetryResult.Unknown;
            }
            if (job.Status != JobStatus.DeadLettered)
            {
                return RetryResult.NotFailed;
            }
            kind = job.Kind;
        }
        var now = time.GetUtcNow();
        var changed = await database.WriteAsync(async scope =>
        {
            var command = scope.Statement(Requeue);
            WriteScope.Add(command, "now", database.Dialect.Time(now));
            WriteScope.Add(command, "attempts", Math.Max(0, _maxAttempts.GetValueOrDefault(kind, 1) - 1));
            WriteScope.Add(command, "id", id);
            return await command.ExecuteNonQueryAsync(ct);
        }, ct);
        if (changed == 0)
        {
            return RetryResult.NotFailed; // another admin queued it first
        }
        LogRetried(logger, admin.Id, admin.Name, id, kind);
        signal.Wake();
        return RetryResult.Queued;
    }

    [LoggerMessage(EventId = 851, Level = LogLevel.Information, Message = "Audit: admin {AdminId} ({AdminName}) put failed job {JobId} ({Kind}) back to run once")]
    private static partial void LogRetried(ILogger logger, string adminId, string adminName, long jobId, string kind);
}
