using Microsoft.EntityFrameworkCore;

namespace ExpertBot.Storage.Jobs;

/// <summary>
/// The transactional outbox: a feature adds the jobs that carry its external effects (Teams sends, card updates,
/// timers) to the same SaveChanges as its state change, so either both are stored or neither is.
/// After the save, call <see cref="JobSignal.Wake"/> so the local worker picks them up at once.
/// </summary>
internal static class Outbox
{
    public static void AddJob(this DbContext db, NewJob job, DateTimeOffset now)
    {
        job.Validate();
        db.Set<Job>().Add(new Job
        {
            Kind = job.Kind,
            DedupKey = job.DedupKey,
            Payload = job.Payload,
            OrderingKey = job.OrderingKey,
            Status = JobStatus.Pending,
            RunAfter = job.RunAfter ?? now,
            CreatedAt = now,
            UpdatedAt = now,
        });
    }
}
