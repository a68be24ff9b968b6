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
