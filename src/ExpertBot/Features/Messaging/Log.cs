namespace ExpertBot.Features.Messaging;

internal static partial class Log
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Warning, Message = "Activity rejected: {Reason}")]
    public static partial void Rejected(ILogger logger, string reason);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Duplicate activity {ActivityId} ignored")]
    public static partial void Duplicate(ILogger logger, string? activityId);

    [LoggerMessage(EventId = 102, Level = LogLevel.Error, Message = "Turn for activity {ActivityId} failed")]
    public static partial void TurnFailed(ILogger logger, Exception exception, string? activityId);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "Refusing to send to untrusted service URL host {Host}")]
    public static partial void UntrustedServiceUrl(ILogger logger, string host);
}
