using System.Net;

namespace ExpertBot.Integrations.Crm;

/// <summary>
/// A CRM call that failed. The durable outbox above the connectors reads <see cref="IsRetriable"/>: retriable failures
/// (throttling, 5xx, time-outs, the network, an open circuit) are tried again later with the same idempotency key;
/// permanent ones (the case does not exist, the request or the configuration is wrong, access refused) are dead-lettered
/// at once, because repeating them cannot succeed.
/// </summary>
internal abstract class CrmException(string system, string operation, HttpStatusCode? status, string? errorCode, string message, Exception? inner)
    : Exception($"{system} {operation}: {message}", inner)
{
    public string System { get; } = system;

    public string Operation { get; } = operation;

    /// <summary>The CRM's HTTP status, or null when no answer came (network, time-out, open circuit, configuration).</summary>
    public HttpStatusCode? StatusCode { get; } = status;

    /// <summary>The CRM's own error code when it sent one (Dataverse 0x80040217, Salesforce NOT_FOUND, ...).</summary>
    public string? ErrorCode { get; } = errorCode;

    public abstract bool IsRetriable { get; }
}

/// <summary>Trying again later may succeed; <see cref="RetryAfter"/> is the CRM's own hint when it gave one.</summary>
internal sealed class CrmTransientException(
    string system, string operation, HttpStatusCode? status, string? errorCode, string message, TimeSpan? retryAfter = null, Exception? inner = null)
    : CrmException(system, operation, status, errorCode, message, inner)
{
    public TimeSpan? RetryAfter { get; } = retryAfter;

    public override bool IsRetriable => true;
}

/// <summary>Repeating the same call cannot succeed: the case is missing, the request or configuration is wrong, or access is refused.</summary>
internal sealed class CrmPermanentException(
    string system, string operation, HttpStatusCode? status, string? errorCode, string message, Exception? inner = null)
    : CrmException(system, operation, status, errorCode, message, inner)
{
    public override bool IsRetriable => false;

    /// <summary>The case the call was about does not exist.</summary>
    public bool CaseNotFound { get; init; }
}
