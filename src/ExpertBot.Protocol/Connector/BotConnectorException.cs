using System.Net;

namespace ExpertBot.Protocol.Connector;

/// <summary>A Bot Connector request that failed for good (not retryable, or out of attempts).</summary>
public sealed class BotConnectorException(string operation, HttpStatusCode? status, string? errorCode, string detail, int attempts, Exception? inner = null)
    : Exception(Describe(operation, status, errorCode, detail, attempts), inner)
{
    public string Operation { get; } = operation;

    /// <summary>The last HTTP status, or null when the last attempt failed on the network.</summary>
    public HttpStatusCode? StatusCode { get; } = status;

    /// <summary>The connector's error code (error.code, or Teams' errorCode), when it sent one.</summary>
    public string? ErrorCode { get; } = errorCode;

    public int Attempts { get; } = attempts;

    private static string Describe(string operation, HttpStatusCode? status, string? errorCode, string detail, int attempts)
    {
        var what = status is null ? "a network error" : $"HTTP {(int)status} {status}";
        var code = errorCode is null ? string.Empty : $" ({errorCode})";
        var tries = attempts == 1 ? "1 attempt" : $"{attempts} attempts";
        return $"Bot Connector {operation} failed with {what}{code} after {tries}: {detail}";
    }
}
