using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ExpertBot.Storage;

/// <summary>
/// SQLite has one writer at a time per file. Left to the file lock, a second writer in this process backs off in
/// SQLite's busy handler, sleeping 1, 2, 5 ... 100 ms between tries: under load most write transactions slept, and those
/// sleeps were the turn latency's tail. Instead every write transaction of this process (the job store's group commits
/// and each EF transaction) takes a turn here, in memory, first, and the file lock is then free when it asks.
/// Other processes on the same file still meet the busy handler (busy_timeout, see <see cref="SqlitePragmas"/>).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "A singleton for the process's life (an EF interceptor shared by every context); its SemaphoreSlim never creates a wait handle, so there is nothing to release.")]
internal sealed class SqliteWriteGate : IDbTransactionInterceptor, IDbConnectionInterceptor
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    // EF connections (by ConnectionId) whose transaction holds the turn: released when it commits, rolls back or fails, or (a transaction
    // disposed without either, after an exception) when the connection closes.
    private readonly ConcurrentDictionary<Guid, byte> _holders = new();

    /// <summary>A turn for a write outside EF (<see cref="ExpertBotDatabase.WriteAsync{T}"/>); dispose it to let the next writer in.</summary>
    public async ValueTask<Turn> EnterAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        return new Turn(_gate);
    }

    // The gate's turn is taken here and the transaction begun here too (as EF would: the same BeginTransaction call), so
    // that a BEGIN which fails (another process holds the file past busy_timeout) hands the turn straight back: EF
    // reports no failure event for it, and its connection may stay open.
    public async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(
        DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(eventData.IsolationLevel, cancellationToken);
            Hold(eventData.ConnectionId);
            return InterceptionResult<DbTransaction>.SuppressWithResult(transaction);
        }
        catch
        {
            _gate.Release();
            throw;
        }
    }

    public InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        _gate.Wait();
        try
        {
            var transaction = connection.BeginTransaction(eventData.IsolationLevel);
            Hold(eventData.ConnectionId);
            return InterceptionResult<DbTransaction>.SuppressWithResult(transaction);
        }
        catch
        {
            _gate.Release();
            throw;
        }
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Release(eventData.ConnectionId);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
        Released(eventData.ConnectionId);

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Release(eventData.ConnectionId);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
        Released(eventData.ConnectionId);

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Release(eventData.ConnectionId);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default) =>
        Released(eventData.ConnectionId);

    public InterceptionResult ConnectionClosing(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        Release(eventData.ConnectionId);
        return result;
    }

    public ValueTask<InterceptionResult> ConnectionClosingAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        Release(eventData.ConnectionId);
        return ValueTask.FromResult(result);
    }

    // EF refuses a second transaction on a connection before it gets here, so a connection holds at most one turn.
    private void Hold(Guid connection) => _holders[connection] = 0;

    private void Release(Guid connection)
    {
        if (_holders.TryRemove(connection, out _))
        {
            _gate.Release();
        }
    }

    private Task Released(Guid connection)
    {
        Release(connection);
        return Task.CompletedTask;
    }

    /// <summary>One writer's turn.</summary>
    internal readonly struct Turn(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }
}
