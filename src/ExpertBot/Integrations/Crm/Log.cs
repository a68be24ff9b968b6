// Event ids 450-499 (the registry: Hosting/LogEvents.cs).
namespace ExpertBot.Integrations.Crm;

internal static partial class Log
{
    [LoggerMessage(EventId = 450, Level = LogLevel.Information, Message = "{System}: internal note {NoteId} written to case {CaseNumber} ({Parts} part(s))")]
    public static partial void NoteWritten(ILogger logger, string system, string caseNumber, string noteId, int parts);

    [LoggerMessage(EventId = 451, Level = LogLevel.Information, Message = "{System}: internal note {NoteId} on case {CaseNumber} was already written by an earlier attempt; not written again")]
    public static partial void NoteAlreadyWritten(ILogger logger, string system, string caseNumber, string noteId);

    [LoggerMessage(EventId = 452, Level = LogLevel.Information, Message = "{System}: knowledge article draft {ArticleId} created")]
    public static partial void ArticleWritten(ILogger logger, string system, string articleId);

    [LoggerMessage(EventId = 453, Level = LogLevel.Information, Message = "{System}: knowledge article draft {ArticleId} was already created by an earlier attempt; not created again")]
    public static partial void ArticleAlreadyWritten(ILogger logger, string system, string articleId);

    [LoggerMessage(EventId = 454, Level = LogLevel.Information, Message = "{System}: article {ArticleId} linked to case {CaseNumber} (already linked: {AlreadyLinked})")]
    public static partial void ArticleLinked(ILogger logger, string system, string articleId, string caseNumber, bool alreadyLinked);

    [LoggerMessage(EventId = 455, Level = LogLevel.Information, Message = "Webhook: delivery {DeliveryId} ({Event}) accepted with {Status}")]
    public static partial void WebhookDelivered(ILogger logger, string deliveryId, string @event, int status);

    public static void Written(ILogger logger, WrittenNote note)
    {
        if (note.AlreadyWritten)
        {
            NoteAlreadyWritten(logger, note.System, note.CaseNumber, note.NoteId);
        }
        else
        {
            NoteWritten(logger, note.System, note.CaseNumber, note.NoteId, note.Parts);
        }
    }

    public static void Written(ILogger logger, WrittenArticle article)
    {
        if (article.AlreadyWritten)
        {
            ArticleAlreadyWritten(logger, article.System, article.ArticleId);
        }
        else
        {
            ArticleWritten(logger, article.System, article.ArticleId);
        }
    }
}
