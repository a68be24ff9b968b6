using System.Net;
using ExpertBot.Integrations.Crm;
using ExpertBot.Protocol.Connector;

namespace ExpertBot.Storage.Jobs;

/// <summary>Which failures no retry can mend: the job is dead-lettered at the first one.</summary>
internal static class JobFailures
{
    public static bool IsPermanent(Exception ex) => ex switch
    {
        PermanentJobFailure => true,
        // A serviceUrl the trusted-host guard refuses stays refused.
        UntrustedServiceUrlException => true,
        // The Bot Connector said the request itself is wrong (bad activity), the bot may not post there, or the
        // conversation is gone (the bot was removed): the same request gets the same answer. 401 is retried: a token
        // refresh can mend it.
        BotConnectorException { StatusCode: HttpStatusCode.BadRequest or HttpStatusCode.Forbidden or HttpStatusCode.NotFound } => true,
        // The case is missing, the request or the configuration is wrong, access is refused.
        CrmException { IsRetriable: false } => true,
        _ => false,
    };

    /// <summary>How long the other side asked us to wait before trying again, when it said.</summary>
    public static TimeSpan? RetryAfter(Exception ex) => ex switch
    {
        CrmTransientException { RetryAfter: { } after } => after,
        _ => null,
    };
}
