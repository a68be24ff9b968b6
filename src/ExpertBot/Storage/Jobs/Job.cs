using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ExpertBot.Storage.Jobs;

internal enum JobStatus
{
    Pending = 0,
    Running = 1,
    Completed = 2,
    DeadLettered = 3,
}

/// <summary>
/// Which of the runner's lanes a job runs in. Interactive jobs (turns: someone waits for the reply) are claimed before
/// background ones and have slots of their own, so a backlog of background work (invitations waiting for Teams'
/// per-chat pacing) never holds up a turn.
/// </summary>
internal enum JobLane
{
    Interactive = 0,
    Background = 1,
}

/// <summary>
/// A unit of background work (turn, time-out, write-back, proactive send...). Any instance may claim it; the lease makes
/// a crashed instance's work claimable again once it expires.
/// </summary>
internal sealed class Job
{
    public long Id { get; set; }
    public required string Kind { get; set; }
    /// <summary>Unique: enqueueing the same key twice stores one row.</summary>
    public required string DedupKey { get; set; }
    /// <summary>JSON; cleared on completion to keep retained rows small.</summary>
    public required string Payload { get; set; }
    /// <summary>Jobs sharing it in one claimed batch run one after another, in enqueue order (a conversation's turns).</summary>
    public string? OrderingKey { get; set; }
    public JobStatus Status { get; set; }
    public JobLane Lane { get; set; } = JobLane.Background;
    public int Attempts { get; set; }
    public DateTimeOffset RunAfter { get; set; }
    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseExpiresAt { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
}

internal sealed class JobConfiguration : IEntityTypeConfiguration<Job>
{
    public const int KeyLength = 400;

    public void Configure(EntityTypeBuilder<Job> job)
    {
        // Explicit snake_case names: the claim SQL is hand-written for both providers and must not need quoting.
        job.ToTable("jobs");
        job.HasKey(j => j.Id);
        job.Property(j => j.Id).HasColumnName("id");
        job.Property(j => j.Kind).HasColumnName("kind").HasMaxLength(100);
        job.Property(j => j.DedupKey).HasColumnName("dedup_key").HasMaxLength(KeyLength);
        job.Property(j => j.Payload).HasColumnName("payload");
        job.Property(j => j.OrderingKey).HasColumnName("ordering_key").HasMaxLength(KeyLength);
        job.Property(j => j.Status).HasColumnName("status");
        job.Property(j => j.Lane).HasColumnName("lane");
        job.Property(j => j.Attempts).HasColumnName("attempts");
        job.Property(j => j.RunAfter).HasColumnName("run_after");
        job.Property(j => j.LeaseOwner).HasColumnName("lease_owner").HasMaxLength(200);
        job.Property(j => j.LeaseExpiresAt).HasColumnName("lease_expires_at");
        job.Property(j => j.LastError).HasColumnName("last_error").HasMaxLength(JobStore.MaxErrorLength);
        job.Property(j => j.CreatedAt).HasColumnName("created_at");
        job.Property(j => j.UpdatedAt).HasColumnName("updated_at");
        job.Property(j => j.CompletedAt).HasColumnName("completed_at");
        job.HasIndex(j => j.DedupKey).IsUnique().HasDatabaseName("ux_jobs_dedup_key");
        // The claim looks for due pending rows and for running rows whose lease ran out. Partial: only live rows are in
        // them, not the completed ones kept for deduplication (nearly all rows), so a job's every change of state touches
        // small, hot indexes, and completing a job takes it out of them. Pending rows by lane, so a claim reads each lane's
        // due rows on their own (interactive first) however long the other lane's backlog. Same column names on both providers.
        job.HasIndex(j => new { j.Status, j.Lane, j.RunAfter }).HasDatabaseName("ix_jobs_status_lane_run_after").HasFilter("status = 0");
        job.HasIndex(j => new { j.Status, j.LeaseExpiresAt }).HasDatabaseName("ix_jobs_status_lease").HasFilter("status = 1");
    }
}
