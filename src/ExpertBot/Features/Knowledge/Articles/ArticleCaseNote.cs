using ExpertBot.Integrations.Crm;
using ExpertBot.Storage.Jobs;

namespace ExpertBot.Features.Knowledge.Articles;

/// <summary>Tells a case which knowledge article answers it, once the article is in the knowledge base.</summary>
/// <param name="QuestionNumber">The question on the case the article came from or answered.</param>
/// <param name="Reused">True when an existing article answered the question; false when it was written from it.</param>
internal sealed record NoteArticleOnCase(long ArticleId, string CaseNumber, string QuestionNumber, bool Reused) : IJob<NoteArticleOnCase>
{
    public static string Kind => "knowledge.case-note";
}

/// <summary>
/// The case's side of an article. The resolution's own note is written at once and names an article only when the question
/// was answered from one; an article drafted from the resolution is not knowledge yet (its owner may still discard it), so
/// the case hears of it when it is validated, and of an existing article when the search found it for the question (it is
/// validated already). So a case note never names an article that is not in the knowledge base. One note per article and
/// case (its idempotency key), and, where the CRM links articles to cases and the article was published there, the link.
/// </summary>
internal sealed partial class NoteArticleOnCaseHandler(KnowledgeBase articles, ICaseSystem crm, ILogger<NoteArticleOnCaseHandler> logger)
    : IJobHandler<NoteArticleOnCase>
{
    public const int Attempts = 20;

    public async Task HandleAsync(NoteArticleOnCase job, JobContext context, CancellationToken ct)
    {
        if (await articles.FindAsync(job.ArticleId, ct) is not { State: ArticleState.Validated } article || !crm.Features.HasFlag(CaseSystemFeatures.InternalNotes))
        {
            return; // Archived before the note went out: the case is not pointed at a retired article.
        }
        try
        {
            var written = await crm.AddInternalNoteAsync(Note(article, job), ct);
            if (article.PublishedArticleId is { } published && article.PublishedSystem == crm.DisplayName && crm.Features.HasFlag(CaseSystemFeatures.ArticleLinks))
            {
                await crm.LinkArticleAsync(job.CaseNumber, published, ct);
            }
            Noted(logger, article.Number, written.CaseNumber, written.System);
        }
        catch (CrmException ex) when (!ex.IsRetriable || context.IsLastAttempt)
        {
            throw new PermanentJobFailure($"{crm.DisplayName} did not take the note naming {article.Number} on {job.CaseNumber}: {ex.Message}", ex);
        }
    }

    /// <summary>The note: the article's number and title (redacted as everything leaving for a CRM), and how it relates to the case.</summary>
    internal static InternalNote Note(Article article, NoteArticleOnCase job)
    {
        var title = Redactor.Redact(article.Title);
        var text = job.Reused
            ? $"{job.QuestionNumber} on this case was answered with knowledge article {article.Number}: {title}.\n"
            : $"Knowledge article {article.Number} was written from the resolution of {job.QuestionNumber} and validated: {title}.\n";
        text += $"Ask ExpertBot \"kb {article.Number}\" in Microsoft Teams to read it.";
        return new InternalNote(job.CaseNumber, $"expertbot-kb-{article.Id}-case-{job.CaseNumber.Trim().ToUpperInvariant()}",
            ArticleDrafter.Clip($"Knowledge article {article.Number}: {title}", 200), text);
    }

    [LoggerMessage(EventId = 716, Level = LogLevel.Information, Message = "{Article} named on case {Case} in {System}")]
    private static partial void Noted(ILogger logger, string article, string @case, string system);
}
