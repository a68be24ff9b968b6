// Event ids 350-399 (the registry: Hosting/LogEvents.cs).
namespace ExpertBot.Storage;

internal static partial class Log
{
    [LoggerMessage(EventId = 350, Level = LogLevel.Error, Message = "Storing {Count} jobs failed")]
    public static partial void JobWriteFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(EventId = 351, Level = LogLevel.Warning, Message = "Job {JobId} ({Kind}) attempt {Attempt} failed; retrying at {RetryAt}")]
    public static partial void JobRetrying(ILogger logger, Exception exception, long jobId, string kind, int attempt, DateTimeOffset retryAt);

    [LoggerMessage(EventId = 352, Level = LogLevel.Error, Message = "Job {JobId} ({Kind}) dead-lettered after attempt {Attempt}: {Reason}")]
    public static partial void JobDeadLettered(ILogger logger, long jobId, string kind, int attempt, string reason);

    [LoggerMessage(EventId = 353, Level = LogLevel.Error, Message = "Job worker round failed; retrying after the poll interval")]
    public static partial void WorkerRoundFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 354, Level = LogLevel.Information, Message = "Pruned {Count} completed jobs")]
    public static partial void Pruned(ILogger logger, int count);

    [LoggerMessage(EventId = 355, Level = LogLevel.Warning, Message = "Renewing the leases of {Count} running jobs failed; retrying at the next heartbeat")]
    public static partial void HeartbeatFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(EventId = 357, Level = LogLevel.Information, Message = "Pruned {Count} recorded job effects")]
    public static partial void EffectsPruned(ILogger logger, int count);

    [LoggerMessage(EventId = 356, Level = LogLevel.Information, Message = "Database ready ({Provider}, migrations applied)")]
    public static partial void Migrated(ILogger logger, StorageProvider provider);
}
