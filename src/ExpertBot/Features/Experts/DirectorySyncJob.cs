using ExpertBot.Integrations.Graph;
using ExpertBot.Storage.Jobs;

namespace ExpertBot.Features.Experts;

/// <summary>
/// One Graph sync run as a durable job: any instance may run it, and if that instance dies the
/// lease expires and another one resumes the sync from its checkpoint in the database.
/// </summary>
internal sealed class DirectorySyncJob(GraphDirectorySync sync) : IJobHandler
{
    public const string Kind = "directory-sync";

    /// <summary>Which SyncInterval slot the run belongs to: one job per slot, however many instances enqueue it.</summary>
    public sealed record Payload(long Slot);

    public Task HandleAsync(JobContext job, CancellationToken ct) => sync.RunAsync(ct);

    public static NewJob For(DateTimeOffset now, TimeSpan interval)
    {
        var slot = now.UtcTicks / interval.Ticks;
        return NewJob.Json(Kind, NewJob.Key(Kind, slot.ToString(System.Globalization.CultureInfo.InvariantCulture)), new Payload(slot))
            with { OrderingKey = Kind };
    }

    /// <summary>Start of the slot after the one <paramref name="now"/> is in.</summary>
    public static DateTimeOffset NextSlot(DateTimeOffset now, TimeSpan interval) =>
        new((now.UtcTicks / interval.Ticks + 1) * interval.Ticks, TimeSpan.Zero);
}
