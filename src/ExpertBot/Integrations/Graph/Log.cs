namespace ExpertBot.Integrations.Graph;

internal static partial class Log
{
    [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "Directory sync: full listing started (run {Run})")]
    public static partial void FullSyncStarted(ILogger logger, long run);

    [LoggerMessage(EventId = 401, Level = LogLevel.Information, Message = "Directory sync: full listing done (run {Run})")]
    public static partial void FullSyncDone(ILogger logger, long run);

    [LoggerMessage(EventId = 402, Level = LogLevel.Information, Message = "Directory sync: delta round applied {Changes} change(s)")]
    public static partial void DeltaApplied(ILogger logger, int changes);

    [LoggerMessage(EventId = 403, Level = LogLevel.Warning, Message = "Directory sync: delta link expired, starting a full sync")]
    public static partial void DeltaExpired(ILogger logger);

    [LoggerMessage(EventId = 404, Level = LogLevel.Debug, Message = "Directory sync: nothing for user {UserId} (batch step answered {Status}: no mailbox or profile)")]
    public static partial void StepFailed(ILogger logger, string userId, int status);

    [LoggerMessage(EventId = 405, Level = LogLevel.Error, Message = "Directory sync failed; it resumes from its checkpoint next run")]
    public static partial void SyncFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 406, Level = LogLevel.Warning, Message = "Group look-up for user {UserId} failed; roles given by group are refused until it answers")]
    public static partial void GroupLookupFailed(ILogger logger, string userId, Exception exception);
}
