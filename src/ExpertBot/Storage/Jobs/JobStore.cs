using System.Data.Common;

namespace ExpertBot.Storage.Jobs;

/// <summary>What became of one claimed job; recorded in one transaction per batch.</summary>
internal abstract record JobOutcome(long Id)
{
    internal sealed record Completed(long Id) : JobOutcome(Id);

    /// <summary>Back to pending until <paramref name="RetryAt"/>, or dead-lettered when <paramref name="RetryAt"/> is null.</summary>
    internal sealed record Failed(long Id, string Error, DateTimeOffset? RetryAt) : JobOutcome(Id);
}

/// <summary>An outcome with the lease owner that records it (only the holder of the lease may).</summary>
internal sealed record OwnedOutcome(string Owner, JobOutcome Outcome);

/// <summary>
/// A claim: up to <paramref name="Limit"/> due jobs for <paramref name="Owner"/>, leased for <paramref name="Lease"/>,
/// interactive ones first; of each lane at most its own limit (the runner's free room in that lane; null = Limit).
/// </summary>
internal sealed record JobClaim(string Owner, int Limit, TimeSpan Lease)
{
    public int? InteractiveLimit { get; init; }

    public int? BackgroundLimit { get; init; }

    public int LimitOf(JobLane lane) => Math.Min(Limit, (lane == JobLane.Interactive ? InteractiveLimit : BackgroundLimit) ?? Limit);
}

/// <summary>What one group commit writes: outcomes, then (optionally) a claim, then inserts (leased within the claim's room).</summary>
internal sealed record JobWrite(IReadOnlyList<NewJob> Inserts, IReadOnlyList<OwnedOutcome> Outcomes, JobClaim? Claim);

/// <summary>Per insert, true when stored (false: its dedup key existed); the claimed jobs in id order.</summary>
internal sealed record JobWriteResult(bool[] Inserted, IReadOnlyList<JobContext> Claimed);

/// <summary>
/// The job table's SQL: insert-or-ignore, claim with a lease, record outcomes, prune. Hand-written because each statement
/// must be one atomic round trip that EF cannot express (RETURNING, SKIP LOCKED, ON CONFLICT DO NOTHING).
/// </summary>
internal sealed class JobStore(ExpertBotDatabase database, TimeProvider time)
{
    public const int MaxErrorLength = 2000;

    private const string Columns = "id, kind, dedup_key, payload, ordering_key, attempts, lane";

    // Claims take due pending rows and running rows whose lease ran out (their instance crashed or stalled), earliest due
    // first. Each kind is read on its own from its (status, time) index, already in due order and cut at the limit,
    // before the two short lists are merged: one query over both with ORDER BY id sorted every due row on each claim,
    // so a backlog (a burst the workers trail) made each claim slower exactly when claims had to be quick, and the
    // queue drained ever more slowly. Timers not yet due (escalations, reminders) are never read. Pending rows are read
    // per lane (interactive first, each up to its own limit), so a background backlog never stands in front of a turn.
    // Expired leases (a crashed instance's jobs: rare) are read across lanes and count towards the whole limit only.
    private const string DueInteractive = "SELECT id, run_after AS due, 0 AS lane FROM jobs WHERE status = 0 AND lane = 0 AND run_after <= @now ORDER BY run_after, id LIMIT @interactive";
    private const string DueBackground = "SELECT id, run_after AS due, 1 AS lane FROM jobs WHERE status = 0 AND lane = 1 AND run_after <= @now ORDER BY run_after, id LIMIT @background";
    private const string DueExpired = "SELECT id, lease_expires_at AS due, lane FROM jobs WHERE status = 1 AND lease_expires_at <= @now ORDER BY lease_expires_at, id LIMIT @limit";

    // PostgreSQL: SKIP LOCKED lets concurrent instances each take different rows without waiting on each other; the
    // CTEs and the UPDATE are one statement, so the lease is set in the same transaction that locked the rows.
    private const string PostgresClaim = $"""
        WITH interactive AS ({DueInteractive} FOR UPDATE SKIP LOCKED),
        background AS ({DueBackground} FOR UPDATE SKIP LOCKED),
        expired AS ({DueExpired} FOR UPDATE SKIP LOCKED),
        picked AS (SELECT id FROM (SELECT * FROM interactive UNION ALL SELECT * FROM background UNION ALL SELECT * FROM expired) AS d ORDER BY lane, due, id LIMIT @limit)
        UPDATE jobs AS j SET status = 1, lease_owner = @owner, lease_expires_at = @until, attempts = j.attempts + 1, updated_at = @now
        FROM picked WHERE j.id = picked.id
        RETURNING j.id, j.kind, j.dedup_key, j.payload, j.ordering_key, j.attempts, j.lane
        """;

    // SQLite: a write statement takes the database's write lock before it reads, so select-and-lease in one UPDATE is
    // atomic against every other connection and process.
    private const string SqliteClaim = $"""
        UPDATE jobs SET status = 1, lease_owner = @owner, lease_expires_at = @until, attempts = attempts + 1, updated_at = @now
        WHERE id IN (SELECT id FROM (SELECT * FROM ({DueInteractive}) UNION ALL SELECT * FROM ({DueBackground}) UNION ALL SELECT * FROM ({DueExpired}))
          ORDER BY lane, due, id LIMIT @limit)
        RETURNING {Columns}
        """;

    internal const string Insert = """
        INSERT INTO jobs (kind, dedup_key, payload, ordering_key, lane, status, attempts, run_after, created_at, updated_at)
        VALUES (@kind, @dedup_key, @payload, @ordering_key, @lane, 0, 0, @run_after, @now, @now)
        ON CONFLICT (dedup_key) DO NOTHING
        """;

    // A new job leased to the inserting worker at once: what a claim right after the insert would have written (status
    // running, lease, first attempt), without rewriting the row and its indexes a second time.
    private const string InsertLeased = """
        INSERT INTO jobs (kind, dedup_key, payload, ordering_key, lane, status, attempts, run_after, created_at, updated_at, lease_owner, lease_expires_at)
        VALUES (@kind, @dedup_key, @payload, @ordering_key, @lane, 1, 1, @run_after, @now, @now, @owner, @until)
        ON CONFLICT (dedup_key) DO NOTHING
        RETURNING id
        """;

    private const string InsertReturning = Insert + " RETURNING id";

    // Only the lease holder may record: if its lease expired and another instance re-claimed the job, this is a no-op.
    // The payload is cleared on completion: the row stays only so the dedup key keeps matching redeliveries.
    private const string Complete = """
        UPDATE jobs SET status = 2, payload = '', completed_at = @now, updated_at = @now, lease_owner = NULL, lease_expires_at = NULL
        WHERE id = @id AND lease_owner = @owner AND status = 1
        """;

    private const string Fail = """
        UPDATE jobs SET status = @status, run_after = @run_after, last_error = @error, updated_at = @now, lease_owner = NULL, lease_expires_at = NULL
        WHERE id = @id AND lease_owner = @owner AND status = 1
        """;

    // In id order: completed rows are in no index of their own (the claim indexes hold live rows only), and the oldest
    // ones come first in the table, so the scan stops once it has a batch.
    private const string Prune = "DELETE FROM jobs WHERE id IN (SELECT id FROM jobs WHERE status = 2 AND completed_at < @cutoff ORDER BY id LIMIT @batch)";

    /// <summary>Completed rows deleted per transaction when pruning, so other writers get their turn in between.</summary>
    public const int PruneBatch = 10_000;

    private SqlDialect Dialect => database.Dialect;

    /// <summary>Claims up to <paramref name="limit"/> due jobs for <paramref name="owner"/> until now + <paramref name="lease"/>, earliest due first.</summary>
    public async Task<IReadOnlyList<JobContext>> ClaimAsync(string owner, int limit, TimeSpan lease, CancellationToken ct) =>
        (await WriteAsync(new JobWrite([], [], new JobClaim(owner, limit, lease)), time.GetUtcNow(), ct)).Claimed;

    /// <summary>Records the outcomes of <paramref name="owner"/>'s claimed jobs in one transaction.</summary>
    public async Task RecordAsync(string owner, IReadOnlyCollection<JobOutcome> outcomes, CancellationToken ct)
    {
        if (outcomes.Count > 0)
        {
            await WriteAsync(new JobWrite([], [.. outcomes.Select(o => new OwnedOutcome(owner, o))], null), time.GetUtcNow(), ct);
        }
    }

    /// <summary>
    /// One group commit: records outcomes, claims the rows already claimable, then inserts the new jobs, leasing the due
    /// ones to the claim's owner while the claim has room left (a job stored and claimed together costs one row write
    /// and one transaction instead of an insert, a claim update and two transactions). On SQLite all of it is one
    /// transaction; on PostgreSQL the outcomes commit first on their own, so a completion waiting on another instance's
    /// claim of an expired lease never holds locks that instance's inserts could be waiting for.
    /// </summary>
    public async Task<JobWriteResult> WriteAsync(JobWrite write, DateTimeOffset now, CancellationToken ct)
    {
        // PostgreSQL: two instances storing the same new jobs (a redelivery that reached both) in different orders can
        // each wait on the other's unique key; the server then aborts one of them. Nothing of it was stored, so it is
        // simply run again.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await WriteOnceAsync(write, now, ct);
            }
            catch (Npgsql.PostgresException ex) when (ex.SqlState == Npgsql.PostgresErrorCodes.DeadlockDetected && attempt < 3)
            {
                // Outcomes already committed on their own are harmless to record again (only the lease holder's row matches).
            }
        }
    }

    private async Task<JobWriteResult> WriteOnceAsync(JobWrite write, DateTimeOffset now, CancellationToken ct)
    {
        if (write.Outcomes.Count > 0 && Dialect.Provider == StorageProvider.Postgres)
        {
            var outcomes = write.Outcomes;
            await database.WriteAsync(async scope => await RecordInAsync(scope, outcomes, now, ct), ct);
            write = write with { Outcomes = [] };
        }
        return await database.WriteAsync(async scope =>
        {
            await RecordInAsync(scope, write.Outcomes, now, ct);
            var claimed = new List<JobContext>();
            var room = new LaneRoom(0, 0, 0);
            if (write.Claim is { Limit: > 0 } claim)
            {
                // Rows already claimable first (retries, outbox and other instances' jobs, expired leases): they were due
                // before the new ones, and claims go earliest due first. Only when none is left (fewer than the limit came
                // back; on SQLite this transaction holds the write lock, on PostgreSQL the rows skipped are other
                // claimers') may the new jobs be leased as they are inserted, which keeps jobs of one ordering key in
                // claim order. Per lane: a lane whose own limit was reached may have older rows left.
                claimed.AddRange(await ClaimInAsync(scope, claim, now, ct));
                room = new LaneRoom(claim.Limit - claimed.Count,
                    claim.LimitOf(JobLane.Interactive) - claimed.Count(c => c.Lane == JobLane.Interactive),
                    claim.LimitOf(JobLane.Background) - claimed.Count(c => c.Lane == JobLane.Background));
            }
            var inserted = write.Inserts.Count == 0 ? []
                : await InsertInAsync(scope, write.Inserts, room.Total > 0 ? write.Claim : null, room, claimed, now, ct);
            return new JobWriteResult(inserted, claimed);
        }, ct);
    }

    /// <summary>What a claim left room for: in all, and in each lane.</summary>
    private record struct LaneRoom(int Total, int Interactive, int Background)
    {
        /// <summary>Takes one place in <paramref name="lane"/> when there is one.</summary>
        public bool TryTake(JobLane lane)
        {
            var left = lane == JobLane.Interactive ? Interactive : Background;
            if (Total <= 0 || left <= 0)
            {
                return false;
            }
            Total--;
            if (lane == JobLane.Interactive)
            {
                Interactive--;
            }
            else
            {
                Background--;
            }
            return true;
        }
    }

    /// <summary>
    /// Inserts the jobs; due ones are leased to <paramref name="lease"/>'s owner as they are inserted, while
    /// <paramref name="room"/> has a place in their lane, and added to <paramref name="leased"/>. Per job, true when stored
    /// (false: its dedup key existed).
    /// </summary>
    private async Task<bool[]> InsertInAsync(
        WriteScope scope, IReadOnlyList<NewJob> jobs, JobClaim? lease, LaneRoom room, List<JobContext> leased, DateTimeOffset now, CancellationToken ct)
    {
        var inserted = new bool[jobs.Count];
        var leases = new bool[jobs.Count];
        for (var i = 0; i < jobs.Count && lease is not null; i++)
        {
            leases[i] = (jobs[i].RunAfter ?? now) <= now && room.TryTake(jobs[i].Lane);
        }
        var ids = new long?[jobs.Count];
        if (scope.Connection.CanCreateBatch)
        {
            // PostgreSQL: one round trip for the whole batch; each statement returns the new id, or nothing on a duplicate.
            await using var batch = scope.Connection.CreateBatch();
            batch.Transaction = scope.Transaction;
            for (var i = 0; i < jobs.Count; i++)
            {
                var command = batch.CreateBatchCommand();
                command.CommandText = leases[i] ? InsertLeased : InsertReturning;
                AddInsertParameters(Dialect, command.Parameters, command.CreateParameter, jobs[i], now);
                if (leases[i])
                {
                    AddLeaseParameters(command.Parameters, command.CreateParameter, lease!, now);
                }
                batch.BatchCommands.Add(command);
            }
            await using var reader = await batch.ExecuteReaderAsync(ct);
            for (var i = 0; i < jobs.Count; i++)
            {
                if (await reader.ReadAsync(ct))
                {
                    ids[i] = reader.GetInt64(0);
                }
                await reader.NextResultAsync(ct);
            }
        }
        else
        {
            // SQLite: statements are in-process calls, so a prepared statement per row costs microseconds.
            for (var i = 0; i < jobs.Count; i++)
            {
                var command = scope.Statement(leases[i] ? InsertLeased : InsertReturning);
                AddInsertParameters(Dialect, command.Parameters, command.CreateParameter, jobs[i], now);
                if (leases[i])
                {
                    AddLeaseParameters(command.Parameters, command.CreateParameter, lease!, now);
                }
                ids[i] = await command.ExecuteScalarAsync(ct) is { } id and not DBNull ? Convert.ToInt64(id, System.Globalization.CultureInfo.InvariantCulture) : null;
            }
        }
        for (var i = 0; i < jobs.Count; i++)
        {
            inserted[i] = ids[i] is not null;
            if (ids[i] is { } id && leases[i])
            {
                leased.Add(new JobContext(id, jobs[i].Kind, jobs[i].DedupKey, jobs[i].Payload, jobs[i].OrderingKey, Attempt: 1) { Lane = jobs[i].Lane });
            }
        }
        return inserted;
    }

    private void AddLeaseParameters(DbParameterCollection parameters, Func<DbParameter> create, JobClaim lease, DateTimeOffset now)
    {
        parameters.Add(Parameter(create, "owner", lease.Owner));
        parameters.Add(Parameter(create, "until", Dialect.Time(now + lease.Lease)));
    }

    private async Task<IReadOnlyList<JobContext>> ClaimInAsync(WriteScope scope, JobClaim claim, DateTimeOffset now, CancellationToken ct)
    {
        var command = scope.Statement(Dialect.Provider == StorageProvider.Postgres ? PostgresClaim : SqliteClaim);
        WriteScope.Add(command, "owner", claim.Owner);
        WriteScope.Add(command, "until", Dialect.Time(now + claim.Lease));
        WriteScope.Add(command, "now", Dialect.Time(now));
        WriteScope.Add(command, "limit", claim.Limit);
        WriteScope.Add(command, "interactive", claim.LimitOf(JobLane.Interactive));
        WriteScope.Add(command, "background", claim.LimitOf(JobLane.Background));
        var claimed = new List<JobContext>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                claimed.Add(new JobContext(
                    reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetInt32(5)) { Lane = (JobLane)reader.GetInt32(6) });
            }
        }
        claimed.Sort((a, b) => a.Id.CompareTo(b.Id)); // RETURNING order is unspecified.
        return claimed;
    }

    private async Task RecordInAsync(WriteScope scope, IReadOnlyList<OwnedOutcome> outcomes, DateTimeOffset now, CancellationToken ct)
    {
        if (outcomes.Count == 0)
        {
            return;
        }
        // One command per statement text, re-executed with new values: prepared once, not once per job.
        var complete = scope.Statement(Complete);
        var completeId = WriteScope.Add(complete, "id", 0L);
        var completeOwner = WriteScope.Add(complete, "owner", "");
        WriteScope.Add(complete, "now", Dialect.Time(now));
        var fail = scope.Statement(Fail);
        var failId = WriteScope.Add(fail, "id", 0L);
        var failOwner = WriteScope.Add(fail, "owner", "");
        WriteScope.Add(fail, "now", Dialect.Time(now));
        var failStatus = WriteScope.Add(fail, "status", 0);
        var failRunAfter = WriteScope.Add(fail, "run_after", Dialect.Time(now));
        var failError = WriteScope.Add(fail, "error", "");
        foreach (var (owner, outcome) in outcomes)
        {
            if (outcome is JobOutcome.Failed failed)
            {
                failId.Value = failed.Id;
                failOwner.Value = owner;
                failStatus.Value = (int)(failed.RetryAt is null ? JobStatus.DeadLettered : JobStatus.Pending);
                failRunAfter.Value = Dialect.Time(failed.RetryAt ?? now);
                failError.Value = failed.Error.Length > MaxErrorLength ? failed.Error[..MaxErrorLength] : failed.Error;
                await fail.ExecuteNonQueryAsync(ct);
            }
            else
            {
                completeId.Value = outcome.Id;
                completeOwner.Value = owner;
                await complete.ExecuteNonQueryAsync(ct);
            }
        }
    }

    // Only the lease holder's running rows: a job another instance took over (its lease had run out) stays theirs.
    private const string RenewPostgres = "UPDATE jobs SET lease_expires_at = @until WHERE id = ANY(@ids) AND lease_owner = @owner AND status = 1";
    private const string RenewOne = "UPDATE jobs SET lease_expires_at = @until WHERE id = @id AND lease_owner = @owner AND status = 1";

    /// <summary>
    /// The heartbeat: extends <paramref name="owner"/>'s leases on <paramref name="ids"/> (the jobs it still runs) to now +
    /// <paramref name="lease"/>, in one transaction; returns how many it still held.
    /// </summary>
    public Task<int> RenewAsync(string owner, IReadOnlyCollection<long> ids, TimeSpan lease, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return Task.FromResult(0);
        }
        var until = Dialect.Time(time.GetUtcNow() + lease);
        return database.WriteAsync(async scope =>
        {
            if (Dialect.Provider == StorageProvider.Postgres)
            {
                var all = scope.Statement(RenewPostgres);
                WriteScope.Add(all, "until", until);
                WriteScope.Add(all, "ids", ids.ToArray());
                WriteScope.Add(all, "owner", owner);
                return await all.ExecuteNonQueryAsync(ct);
            }
            // SQLite: statements are in-process calls; one prepared statement re-run per id.
            var one = scope.Statement(RenewOne);
            WriteScope.Add(one, "until", until);
            var id = WriteScope.Add(one, "id", 0L);
            WriteScope.Add(one, "owner", owner);
            var renewed = 0;
            foreach (var each in ids)
            {
                id.Value = each;
                renewed += await one.ExecuteNonQueryAsync(ct);
            }
            return renewed;
        }, ct);
    }

    /// <summary>
    /// Deletes every completed row older than <paramref name="retention"/>, <paramref name="batch"/> rows per transaction;
    /// returns how many. All of them, not one batch per call: a busy instance completes far more than one batch between
    /// two prunes, and the table (with the dedup index every insert searches) grew without end.
    /// </summary>
    public async Task<int> PruneAsync(TimeSpan retention, CancellationToken ct, int batch = PruneBatch)
    {
        var cutoff = Dialect.Time(time.GetUtcNow() - retention);
        var total = 0;
        int deleted;
        do
        {
            deleted = await database.WriteAsync(async scope =>
            {
                var command = scope.Statement(Prune);
                WriteScope.Add(command, "cutoff", cutoff);
                WriteScope.Add(command, "batch", batch);
                return await command.ExecuteNonQueryAsync(ct);
            }, ct);
            total += deleted;
        }
        while (deleted == batch);
        return total;
    }

    internal static void AddInsertParameters(SqlDialect dialect, DbParameterCollection parameters, Func<DbParameter> create, NewJob job, DateTimeOffset now)
    {
        parameters.Add(Parameter(create, "kind", job.Kind));
        parameters.Add(Parameter(create, "dedup_key", job.DedupKey));
        parameters.Add(Parameter(create, "payload", job.Payload));
        parameters.Add(Parameter(create, "ordering_key", job.OrderingKey));
        parameters.Add(Parameter(create, "lane", (int)job.Lane));
        parameters.Add(Parameter(create, "run_after", dialect.Time(job.RunAfter ?? now)));
        parameters.Add(Parameter(create, "now", dialect.Time(now)));
    }

    private static DbParameter Parameter(Func<DbParameter> create, string name, object? value)
    {
        var parameter = create();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        return parameter;
    }
}
