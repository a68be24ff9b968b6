// Event ids 300-349 (the host's registry of ranges: src/ExpertBot/Hosting/LogEvents.cs).
using Microsoft.Extensions.Logging;

namespace ExpertBot.Protocol.Connector;

internal static partial class Log
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Warning, Message = "Bot Connector {Operation} answered {Status}; retry {Attempt} in {DelayMs} ms")]
    public static partial void Retrying(ILogger logger, string operation, int status, int attempt, double delayMs);

    [LoggerMessage(EventId = 301, Level = LogLevel.Warning, Message = "Bot Connector {Operation} network failure; retry {Attempt} in {DelayMs} ms")]
    public static partial void RetryingNetwork(ILogger logger, Exception exception, string operation, int attempt, double delayMs);

    [LoggerMessage(EventId = 302, Level = LogLevel.Error, Message = "Bot Connector {Operation} failed: {Reason}")]
    public static partial void Failed(ILogger logger, string operation, string reason);

    [LoggerMessage(EventId = 303, Level = LogLevel.Warning, Message = "Refused Bot Connector {Operation}: {Reason}")]
    public static partial void Refused(ILogger logger, string operation, string reason);

    [LoggerMessage(EventId = 304, Level = LogLevel.Error, Message = "Bot token request failed: {ErrorCode}")]
    public static partial void TokenFailed(ILogger logger, string errorCode);
}
