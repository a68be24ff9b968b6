using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace ExpertBot.Storage.Jobs;

/// <summary>
/// Enqueue inside a feature's own transaction (the outbox pattern): the job exists exactly when the feature's change
/// commits, e.g. "answer accepted" and "write it back to the CRM". Use <see cref="JobQueue"/> when there is no such change.
/// </summary>
internal static class JobOutbox
{
    /// <summary>
    /// Inserts the job in <paramref name="db"/>'s current transaction (insert-or-ignore on the dedup key); true when new.
    /// The worker finds it by polling; call <see cref="JobSignal.Wake"/> after committing to run it at once.
    /// </summary>
    public static async Task<bool> EnqueueJobAsync(this ExpertBotDb db, NewJob job, DateTimeOffset now, CancellationToken ct)
    {
        job.Validate();
        var dialect = db.Database.IsNpgsql() ? SqlDialect.Postgres : SqlDialect.Sqlite;
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandText = JobStore.Insert;
            JobStore.AddInsertParameters(dialect, command.Parameters, command.CreateParameter, job, now);
            return await command.ExecuteNonQueryAsync(ct) == 1;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// Saves <paramref name="db"/>'s changes and enqueues <paramref name="jobs"/> in one transaction: the change and the
    /// jobs carrying its effects commit together, or neither does. A job whose dedup key exists already is ignored, so
    /// a re-run timer or a retried action never fails on, or repeats, its effects.
    /// </summary>
    public static async Task SaveWithJobsAsync(this ExpertBotDb db, IEnumerable<NewJob> jobs, DateTimeOffset now, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        foreach (var job in jobs)
        {
            await db.EnqueueJobAsync(job, now, ct);
        }
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// The same in a hand-written write transaction (<see cref="ExpertBotDatabase.WriteAsync{T}"/>); true when new.
    /// </summary>
    public static async Task<bool> EnqueueJobAsync(this WriteScope scope, NewJob job, DateTimeOffset now, CancellationToken ct)
    {
        job.Validate();
        var command = scope.Statement(JobStore.Insert);
        JobStore.AddInsertParameters(scope.Dialect, command.Parameters, command.CreateParameter, job, now);
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }
}
