namespace ExpertBot.CardActions;

/// <summary>Event ids 250-299 (see docs/operations.md, Logs).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 250, Level = LogLevel.Information, Message = "Card action {Verb} refused: {Reason}")]
    public static partial void ActionRefused(ILogger logger, string verb, string reason);

    [LoggerMessage(EventId = 251, Level = LogLevel.Information, Message = "Pruned {Count} answered card actions past the replay window")]
    public static partial void LedgerPruned(ILogger logger, int count);

    [LoggerMessage(EventId = 252, Level = LogLevel.Warning, Message = "Pruning answered card actions failed; trying again in an hour")]
    public static partial void LedgerPruneFailed(ILogger logger, Exception exception);
}
