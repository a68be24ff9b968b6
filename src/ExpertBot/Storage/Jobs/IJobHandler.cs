namespace ExpertBot.Storage.Jobs;

/// <summary>
/// Runs jobs of one kind, on the raw stored payload. Features do not implement it: they declare a payload record per kind
/// (<see cref="IJob{TSelf}"/>) and a typed handler (<see cref="IJobHandler{TJob}"/>), registered with
/// <see cref="TypedJobs.AddJob{TJob, THandler}"/>, which reads the payload as that record. The worker dispatches by kind to
/// handlers it does not know.
/// A handler may run more than once for a job (a crash after the work but before completion is recorded), so make its
/// effects idempotent. Throwing retries the job with backoff, and dead-letters it after its kind's maximum attempts.
/// </summary>
internal interface IJobHandler
{
    Task HandleAsync(JobContext job, CancellationToken ct);
}

internal sealed record JobHandlerRegistration(string Kind, int MaxAttempts);

internal static class JobHandlerServiceCollectionExtensions
{
    /// <summary>Registers <typeparamref name="THandler"/> (scoped, one scope per job) for jobs of <paramref name="kind"/>.</summary>
    public static IServiceCollection AddJobHandler<THandler>(this IServiceCollection services, string kind, int maxAttempts = 5)
        where THandler : class, IJobHandler
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        services.AddKeyedScoped<IJobHandler, THandler>(kind);
        services.AddSingleton(new JobHandlerRegistration(kind, maxAttempts));
        return services;
    }
}
