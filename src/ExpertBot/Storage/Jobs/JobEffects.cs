using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ExpertBot.Storage.Jobs;

/// <summary>
/// An effect a job had outside the database (a message sent, a note written), keyed by the job's dedup key and the step:
/// a run of the same job after a crash finds it and does not repeat it. <see cref="ExternalId"/> is what the other side
/// answered (the sent message's activity id) and <see cref="Location"/> where it is (the conversation), so a re-run can
/// find or update that message instead of posting another.
/// </summary>
internal sealed class JobEffect
{
    public required string JobKey { get; set; }
    public required string Step { get; set; }
    public string? ExternalId { get; set; }
    public string? Location { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}

/// <summary>What an effect left: the other side's id for it and where it is (both optional); <see cref="Ran"/> when it ran now, not in an earlier run.</summary>
internal sealed record EffectResult(string? ExternalId, string? Location, bool Ran = true);

internal sealed class JobEffectConfiguration : IEntityTypeConfiguration<JobEffect>
{
    public void Configure(EntityTypeBuilder<JobEffect> effect)
    {
        effect.ToTable("job_effects");
        effect.HasKey(e => new { e.JobKey, e.Step });
        effect.Property(e => e.JobKey).HasColumnName("job_key").HasMaxLength(JobConfiguration.KeyLength);
        effect.Property(e => e.Step).HasColumnName("step").HasMaxLength(200);
        effect.Property(e => e.ExternalId).HasColumnName("external_id").HasMaxLength(400);
        effect.Property(e => e.Location).HasColumnName("location").HasMaxLength(400);
        effect.Property(e => e.RecordedAt).HasColumnName("recorded_at");
        // Pruned with the completed jobs they belong to (after the same retention).
        effect.HasIndex(e => e.RecordedAt).HasDatabaseName("ix_job_effects_recorded_at");
    }
}

/// <summary>
/// Effects of jobs, done once per job and step (see <see cref="JobEffect"/>). The Bot Connector has no idempotency key, so
/// this is as close to once as a send can be: recorded right after it returned, a re-run skips it; only a send in flight
/// when the process died (sent, not yet recorded) can go out a second time.
/// </summary>
internal sealed class JobEffects(ExpertBotDatabase database, CrashPoints crash, TimeProvider time)
{
    private const string Find = "SELECT external_id, location FROM job_effects WHERE job_key = @key AND step = @step";

    private const string Record = """
        INSERT INTO job_effects (job_key, step, external_id, location, recorded_at) VALUES (@key, @step, @external, @location, @now)
        ON CONFLICT (job_key, step) DO NOTHING
        """;

    private const string Prune = "DELETE FROM job_effects WHERE recorded_at < @cutoff";

    /// <summary>
    /// Runs <paramref name="effect"/> unless this job recorded <paramref name="step"/> in an earlier run, then records what
    /// it returned. Returns what the effect left: recorded by the earlier run (<see cref="EffectResult.Ran"/> false), or new.
    /// The crash points around the record are named after the step up to its first '|' (a step per person: "1:1|id").
    /// </summary>
    public async Task<EffectResult> OnceAsync(JobContext job, string step, Func<CancellationToken, Task<EffectResult>> effect, CancellationToken ct)
    {
        if (await FindAsync(job, step, ct) is { } recorded)
        {
            return recorded;
        }
        var result = await effect(ct);
        var point = $"{job.Kind}:{step.Split('|')[0]}";
        // Done, not recorded yet: the one window in which a crash repeats the effect (the Bot Connector has no idempotency key).
        await crash.AtAsync(point + ":done");
        await RecordAsync(job, step, result, ct);
        await crash.AtAsync(point + ":recorded");
        return result;
    }

    /// <summary>What an earlier run of this job recorded for <paramref name="step"/>, or null when it did not record it.</summary>
    public Task<EffectResult?> FindAsync(JobContext job, string step, CancellationToken ct) =>
        database.ReadAsync(async (connection, _) =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Find;
            Add(command, "key", job.DedupKey);
            Add(command, "step", step);
            await using var reader = await command.ExecuteReaderAsync(ct);
            return await reader.ReadAsync(ct)
                ? new EffectResult(reader.IsDBNull(0) ? null : reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), Ran: false)
                : null;
        }, ct);

    /// <summary>Records that this job's <paramref name="step"/> happened (the first record wins).</summary>
    public Task RecordAsync(JobContext job, string step, EffectResult result, CancellationToken ct) =>
        database.WriteAsync(async scope =>
        {
            var command = scope.Statement(Record);
            WriteScope.Add(command, "key", job.DedupKey);
            WriteScope.Add(command, "step", step);
            WriteScope.Add(command, "external", result.ExternalId);
            WriteScope.Add(command, "location", result.Location);
            WriteScope.Add(command, "now", scope.Dialect.Time(time.GetUtcNow()));
            await command.ExecuteNonQueryAsync(ct);
        }, ct);

    /// <summary>Deletes effects older than <paramref name="retention"/>: their jobs' rows (the dedup keys) are gone by then too.</summary>
    public Task<int> PruneAsync(TimeSpan retention, CancellationToken ct) =>
        database.WriteAsync(async scope =>
        {
            var command = scope.Statement(Prune);
            WriteScope.Add(command, "cutoff", scope.Dialect.Time(time.GetUtcNow() - retention));
            return await command.ExecuteNonQueryAsync(ct);
        }, ct);

    private static void Add(System.Data.Common.DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
