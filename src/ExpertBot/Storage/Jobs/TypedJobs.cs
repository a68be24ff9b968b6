using System.Text.Json;

namespace ExpertBot.Storage.Jobs;

/// <summary>
/// A job's payload: one record per kind, naming its kind. A kind cannot be enqueued or handled without its record, and
/// its handler reads the payload as that record only.
/// </summary>
internal interface IJob<TSelf>
    where TSelf : class, IJob<TSelf>
{
    /// <summary>The kind stored in the jobs table (keep it stable: stored rows name it).</summary>
    static abstract string Kind { get; }

    /// <summary>The payload as stored (JSON by default).</summary>
    static virtual string Write(TSelf job) => JsonSerializer.Serialize(job, JsonSerializerOptions.Web);

    /// <summary>The record from a stored payload; null or a <see cref="JsonException"/> when it is not one.</summary>
    static virtual TSelf? Read(string payload) => JsonSerializer.Deserialize<TSelf>(payload, JsonSerializerOptions.Web);
}

/// <summary>Carries out jobs of one kind. Runs at least once per job, so its effects must be idempotent (see <see cref="IJobHandler"/>).</summary>
internal interface IJobHandler<TJob>
    where TJob : class, IJob<TJob>
{
    Task HandleAsync(TJob job, JobContext context, CancellationToken ct);
}

/// <summary>
/// A job that can never succeed, whatever the number of attempts: its input is unusable (a payload that is not its
/// kind's record, a conversation that is gone, an address the trusted-host guard refuses). The runner dead-letters it
/// on the spot with one log line, instead of retrying it with backoff and a stack trace each time.
/// </summary>
internal sealed class PermanentJobFailure(string message, Exception? inner = null) : Exception(message, inner);

internal static class TypedJobs
{
    /// <summary>The job to enqueue for <paramref name="job"/>.</summary>
    public static NewJob For<TJob>(TJob job, string dedupKey)
        where TJob : class, IJob<TJob> => new(TJob.Kind, dedupKey, TJob.Write(job));

    /// <summary>Registers <typeparamref name="THandler"/> (scoped, one scope per job) for the kind of <typeparamref name="TJob"/>.</summary>
    public static IServiceCollection AddJob<TJob, THandler>(this IServiceCollection services, int maxAttempts = 5)
        where TJob : class, IJob<TJob>
        where THandler : class, IJobHandler<TJob>
    {
        services.AddScoped<THandler>();
        return services.AddJobHandler<TypedJobHandler<TJob, THandler>>(TJob.Kind, maxAttempts);
    }

    /// <summary>Reads the stored payload as the kind's record, then hands it to the kind's handler.</summary>
    private sealed class TypedJobHandler<TJob, THandler>(THandler handler) : IJobHandler
        where TJob : class, IJob<TJob>
        where THandler : class, IJobHandler<TJob>
    {
        public Task HandleAsync(JobContext job, CancellationToken ct)
        {
            TJob? payload;
            try
            {
                payload = TJob.Read(job.Payload);
            }
            catch (JsonException ex)
            {
                throw new PermanentJobFailure($"The payload of job {job.Id} is not a {typeof(TJob).Name}: {ex.Message}", ex);
            }
            return payload is null
                ? throw new PermanentJobFailure($"The payload of job {job.Id} is not a {typeof(TJob).Name}.")
                : handler.HandleAsync(payload, job, ct);
        }
    }
}
